using Sfu.Transport.Feedback;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Media;

/// <summary>The RTCP of a media transport: what the browser reports, and what we report back (§7.2, §7.3, §7.6).</summary>
public sealed partial class MediaTransport
{
    private void HandleRtcp(RtcpPacket rtcp, long nowMs)
    {
        switch (rtcp.Kind)
        {
            case RtcpPacketKind.SenderReport when RtcpSenderReport.TryParse(rtcp, out RtcpSenderReport report):
                // A sender's clock: for receiver reports (LSR/DLSR) and for aligning simulcast layers (§7.5).
                if (_streamsBySsrc.TryGetValue(report.Ssrc, out ProducerStream? stream))
                {
                    RtcpSenderInfo info = report.SenderInfo;
                    stream.Statistics.OnSenderReport(info, nowMs);
                    stream.Clock = new SenderReportClock(NtpTime.ToUnixMilliseconds(info.NtpTimestamp), info.RtpTimestamp);
                }

                break;
            case RtcpPacketKind.ReceiverReport when RtcpReceiverReport.TryParse(rtcp, out RtcpReceiverReport receiverReport):
                long arrival = Router.Loop.Time.GetUtcNow().ToUnixTimeMilliseconds();
                for (int i = 0; i < receiverReport.ReportCount; i++)
                {
                    RtcpReportBlock block = receiverReport.GetReportBlock(i);
                    if (_consumersBySsrc.ContainsKey(block.Ssrc))
                    {
                        _rtt.TryUpdate(block, arrival);
                    }
                }

                break;
            case RtcpPacketKind.GenericNack when RtcpGenericNack.TryParse(rtcp, out RtcpGenericNack nack):
                if (_consumersBySsrc.TryGetValue(nack.MediaSsrc, out Consumer? lossy))
                {
                    Span<byte> scratch = Router.RtpScratch;
                    foreach (ushort lost in nack.LostSequenceNumbers)
                    {
                        lossy.Retransmit(lost, scratch, nowMs);
                    }
                }

                break;
            case RtcpPacketKind.PictureLossIndication when RtcpPictureLossIndication.TryParse(rtcp, out RtcpPictureLossIndication pli):
                if (_consumersBySsrc.TryGetValue(pli.MediaSsrc, out Consumer? viewer))
                {
                    viewer.OnKeyFrameRequested(nowMs);
                }

                break;
            case RtcpPacketKind.FullIntraRequest when RtcpFullIntraRequest.TryParse(rtcp, out RtcpFullIntraRequest fir):
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    if (_consumersBySsrc.TryGetValue(fir.GetEntry(i).Ssrc, out Consumer? firViewer))
                    {
                        firViewer.OnKeyFrameRequested(nowMs);
                    }
                }

                break;
            case RtcpPacketKind.TransportFeedback when RtcpTransportFeedback.TryParse(rtcp, out RtcpTransportFeedback feedback):
                _estimator.OnTransportFeedback(feedback, nowMs * 1000);
                break;
        }
    }

    /// <summary>Toward a sending browser: transport-cc feedback (≤ 100 ms), REMB, receiver reports, key-frame retries.</summary>
    private void SendUploadFeedback(long nowMs)
    {
        if (_producers.Count == 0)
        {
            return;
        }

        Span<byte> buffer = Router.RtcpScratch;
        int room = buffer.Length - SrtpHeadroom;
        if (_transportCc.IsFeedbackDue(nowMs * 1000) && _transportCc.TryWriteFeedback(buffer[..room], _rtcpSsrc, nowMs * 1000, out int length))
        {
            Transport.TrySendRtcp(buffer, length);
        }

        if (_remb.IsDue(nowMs) && _remb.TryWrite(buffer[..room], nowMs, out length))
        {
            Transport.TrySendRtcp(buffer, length);
        }

        bool reportsDue = nowMs - _lastReceiverReportMs >= Router.Options.ReceiverReportIntervalMs;
        if (reportsDue)
        {
            _lastReceiverReportMs = nowMs;
        }

        foreach (Producer producer in _producers)
        {
            foreach (ProducerStream stream in producer.Streams)
            {
                if (stream.Ssrc is not uint ssrc)
                {
                    continue;
                }

                if (reportsDue && stream.PacketCount > 0 && stream.Statistics.TryWriteReceiverReport(buffer[..room], _rtcpSsrc, nowMs, out length))
                {
                    Transport.TrySendRtcp(buffer, length);
                }

                if (stream.KeyFrames.Poll(nowMs))
                {
                    SendKeyFrameRequest(producer, ssrc, buffer);
                }

                if (stream.Nacks is { NeedsTimer: true } nacks)
                {
                    OnNackResult(stream, nacks.OnTimer(nowMs), nowMs);
                }
            }
        }
    }

    /// <summary>Sends the generic NACK the generator prepared, or asks for a key frame when too much is lost (R86).</summary>
    private void OnNackResult(ProducerStream stream, NackGeneratorResult result, long nowMs)
    {
        if ((result & NackGeneratorResult.NackRequired) != 0 && stream.Ssrc is uint ssrc)
        {
            Span<byte> buffer = Router.RtcpScratch;
            if (stream.Nacks!.TryWriteNack(buffer[..(buffer.Length - SrtpHeadroom)], ssrc, out int length))
            {
                Transport.TrySendRtcp(buffer, length);
            }
        }

        if ((result & NackGeneratorResult.KeyFrameRequired) != 0)
        {
            Router.RequestKeyFrame(stream.Producer, stream.SpatialLayer, nowMs);
        }
    }

    /// <summary>PLI, or FIR when the producer did not negotiate PLI (R87).</summary>
    internal void SendKeyFrameRequest(Producer producer, uint mediaSsrc, Span<byte> buffer)
    {
        int room = buffer.Length - SrtpHeadroom;
        int length;
        bool written = producer.SupportsPli
            ? RtcpPictureLossIndication.TryWrite(buffer[..room], _rtcpSsrc, mediaSsrc, out length)
            : RtcpFullIntraRequest.TryWrite(buffer[..room], _rtcpSsrc, mediaSsrc, [new RtcpFirEntry(mediaSsrc, _firSequenceNumber++)], out length);
        if (written)
        {
            Transport.TrySendRtcp(buffer, length);
        }
    }

    /// <summary>Toward a receiving browser: a Sender Report with SDES CNAME per active consumer stream (R93).</summary>
    private void SendSenderReports(long nowMs)
    {
        if (_consumers.Count == 0)
        {
            return;
        }

        Span<byte> buffer = Router.RtcpScratch;
        int room = buffer.Length - SrtpHeadroom;
        long wallClock = Router.Loop.Time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.IsActive && consumer.TryWriteSenderReport(buffer[..room], nowMs, wallClock, out int length))
            {
                Transport.TrySendRtcp(buffer, length);
            }
        }
    }

    /// <summary>Shares the download estimate among the simulcast consumers and lets each pick its layer (R96).</summary>
    private void SelectLayers(long nowMs)
    {
        int videoConsumers = 0;
        long audioBitrate = 0;
        foreach (Consumer consumer in _consumers)
        {
            if (!consumer.IsActive)
            {
                continue;
            }

            if (consumer.IsSimulcast)
            {
                videoConsumers++;
            }
            else
            {
                audioBitrate += consumer.Producer.GetBitrate(nowMs);
            }
        }

        if (videoConsumers == 0)
        {
            return;
        }

        long share = Math.Max(0, AvailableBitrate - audioBitrate) / videoConsumers;
        long wantedVideoBitrate = 0;
        bool held = false;
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.IsActive && consumer.IsSimulcast)
            {
                consumer.SelectLayers(share, nowMs, _layerBitrates);
                int highest = consumer.HighestLayer(nowMs, out long highestBitrate);
                held |= consumer.TargetSpatialLayer < highest;
                wantedVideoBitrate += highestBitrate * (100 + LayerSelector.UpgradeHeadroomPercent) / 100;
            }
        }

        // Consumers held below the layers their producers send, for want of estimate: find out whether the path has more.
        if (held && Router.Options.ProbeBandwidth)
        {
            _prober.MaybeStart(audioBitrate + wantedVideoBitrate, nowMs);
        }
    }
}
