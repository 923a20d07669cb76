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

        if (nowMs - _lastReceiverReportMs >= Router.Options.ReceiverReportIntervalMs)
        {
            _lastReceiverReportMs = nowMs;
            SendReceiverReports(buffer[..room], nowMs);
        }

        foreach (Producer producer in _producers)
        {
            foreach (ProducerStream stream in producer.Streams)
            {
                if (stream.Ssrc is not uint ssrc)
                {
                    continue;
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
    /// <summary>
    /// One Receiver Report with a block for every stream heard from (RFC 3550 §6.4.2: up to 31 blocks a packet, more
    /// packets beyond), rather than a packet per stream: one datagram and one SRTCP protection per interval.
    /// </summary>
    private void SendReceiverReports(Span<byte> buffer, long nowMs)
    {
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[RtcpHeader.MaxCount];
        int count = 0;
        foreach (Producer producer in _producers)
        {
            foreach (ProducerStream stream in producer.Streams)
            {
                if (stream.Ssrc is null || stream.PacketCount == 0)
                {
                    continue;
                }

                blocks[count++] = stream.Statistics.CreateReportBlock(nowMs);
                if (count == blocks.Length)
                {
                    SendReceiverReport(buffer, blocks);
                    count = 0;
                }
            }
        }

        if (count > 0)
        {
            SendReceiverReport(buffer, blocks[..count]);
        }
    }

    private void SendReceiverReport(Span<byte> buffer, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        if (RtcpReceiverReport.TryWrite(buffer, _rtcpSsrc, blocks, out int length))
        {
            Transport.TrySendRtcp(buffer, length);
        }
    }

    /// <summary>Sender Reports gathered into one compound packet at most: well within a 1,200-byte path with SRTCP's trailer.</summary>
    private const int MaxReportCompoundBytes = 1000;

    private void SendSenderReports(long nowMs)
    {
        if (!AnySenderReportDue(nowMs))
        {
            return;
        }

        // Every report due goes out, and with it each one at least half due: after a round or two a transport's
        // streams report on the same ticks, several to a compound packet (RFC 3550 §6.1 allows any number of SR
        // and SDES packets after the first), one datagram and one SRTCP protection for all of them.
        Span<byte> buffer = Router.RtcpScratch;
        int room = Math.Min(buffer.Length - SrtpHeadroom, MaxReportCompoundBytes);
        long wallClock = Router.Loop.Time.GetUtcNow().ToUnixTimeMilliseconds();
        int used = 0;
        foreach (Consumer consumer in _consumers)
        {
            if (!consumer.IsActive || !consumer.IsSenderReportDue(nowMs, early: true))
            {
                continue;
            }

            if (!consumer.TryWriteSenderReport(buffer[used..room], nowMs, wallClock, out int length))
            {
                if (used == 0)
                {
                    continue;
                }

                // The compound is full: send it and start the next one with this report.
                Transport.TrySendRtcp(buffer, used);
                used = 0;
                if (!consumer.TryWriteSenderReport(buffer[..room], nowMs, wallClock, out length))
                {
                    continue;
                }
            }

            used += length;
        }

        if (used > 0)
        {
            Transport.TrySendRtcp(buffer, used);
        }
    }

    private bool AnySenderReportDue(long nowMs)
    {
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.IsActive && consumer.IsSenderReportDue(nowMs, early: false))
            {
                return true;
            }
        }

        return false;
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
