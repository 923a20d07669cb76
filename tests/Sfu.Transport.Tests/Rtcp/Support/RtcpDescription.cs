using System.Text;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp.Support;

/// <summary>
/// A canonical text of what each typed RTCP view exposes, and a rewrite of the packet through the matching
/// writer, so that round trips (parse, write, parse) can be checked field by field for every packet kind.
/// </summary>
internal static class RtcpDescription
{
    /// <summary>Describes the typed view of the packet, or returns null if its type parser refuses it.</summary>
    public static string? Describe(RtcpPacket packet)
    {
        var text = new StringBuilder();
        switch (packet.Kind)
        {
            case RtcpPacketKind.SenderReport when RtcpSenderReport.TryParse(packet, out RtcpSenderReport sr):
                // The profile-specific extension is not written back: no profile we speak defines one.
                text.Append("SR ").Append(sr.Ssrc).Append(' ').Append(sr.SenderInfo);
                for (int i = 0; i < sr.ReportCount; i++)
                {
                    text.Append(' ').Append(sr.GetReportBlock(i));
                }

                return text.ToString();
            case RtcpPacketKind.ReceiverReport when RtcpReceiverReport.TryParse(packet, out RtcpReceiverReport rr):
                text.Append("RR ").Append(rr.Ssrc);
                for (int i = 0; i < rr.ReportCount; i++)
                {
                    text.Append(' ').Append(rr.GetReportBlock(i));
                }

                return text.ToString();
            case RtcpPacketKind.SourceDescription when RtcpSourceDescription.TryParse(packet, out RtcpSourceDescription sdes):
                text.Append("SDES");
                foreach (RtcpSdesChunk chunk in sdes.Chunks)
                {
                    text.Append(" [").Append(chunk.Ssrc);
                    foreach (RtcpSdesItem item in chunk.Items)
                    {
                        text.Append(' ').Append(item.Type).Append('=').Append(Hex.Format(item.Text));
                    }

                    text.Append(']');
                }

                return text.ToString();
            case RtcpPacketKind.Goodbye when RtcpBye.TryParse(packet, out RtcpBye bye):
                text.Append("BYE");
                for (int i = 0; i < bye.SourceCount; i++)
                {
                    text.Append(' ').Append(bye.GetSsrc(i));
                }

                return text.Append(" reason=").Append(Hex.Format(bye.Reason)).ToString();
            case RtcpPacketKind.ExtendedReport when RtcpExtendedReport.TryParse(packet, out RtcpExtendedReport xr):
                text.Append("XR ").Append(xr.Ssrc);
                foreach (RtcpXrBlock block in xr.Blocks)
                {
                    text.Append(" [").Append(block.Type).Append(' ').Append(block.TypeSpecific).Append(' ').Append(Hex.Format(block.Content)).Append(']');
                }

                if (xr.TryGetReceiverReferenceTime(out ulong ntp))
                {
                    text.Append(" rrtr=").Append(ntp);
                }

                if (xr.TryGetDlrr(out RtcpDlrrBlock dlrr))
                {
                    for (int i = 0; i < dlrr.Count; i++)
                    {
                        text.Append(' ').Append(dlrr.GetSubBlock(i));
                    }
                }

                return text.ToString();
            case RtcpPacketKind.GenericNack when RtcpGenericNack.TryParse(packet, out RtcpGenericNack nack):
                text.Append("NACK ").Append(nack.SenderSsrc).Append(' ').Append(nack.MediaSsrc);
                for (int i = 0; i < nack.ItemCount; i++)
                {
                    text.Append(' ').Append(nack.GetItem(i));
                }

                text.Append(" lost");
                foreach (ushort lost in nack.LostSequenceNumbers)
                {
                    text.Append(' ').Append(lost);
                }

                return text.ToString();
            case RtcpPacketKind.PictureLossIndication when RtcpPictureLossIndication.TryParse(packet, out RtcpPictureLossIndication pli):
                return $"PLI {pli.SenderSsrc} {pli.MediaSsrc}";
            case RtcpPacketKind.FullIntraRequest when RtcpFullIntraRequest.TryParse(packet, out RtcpFullIntraRequest fir):
                text.Append("FIR ").Append(fir.SenderSsrc).Append(' ').Append(fir.MediaSsrc);
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    text.Append(' ').Append(fir.GetEntry(i));
                }

                return text.ToString();
            case RtcpPacketKind.ReceiverEstimatedMaximumBitrate when RtcpRemb.TryParse(packet, out RtcpRemb remb):
                // The media SSRC is left out: the draft fixes it to 0 and the writer always writes 0.
                text.Append("REMB ").Append(remb.SenderSsrc).Append(' ').Append(remb.Exponent).Append(' ')
                    .Append(remb.Mantissa).Append(' ').Append(remb.Bitrate);
                for (int i = 0; i < remb.SsrcCount; i++)
                {
                    text.Append(' ').Append(remb.GetSsrc(i));
                }

                return text.ToString();
            case RtcpPacketKind.TransportFeedback when RtcpTransportFeedback.TryParse(packet, out RtcpTransportFeedback feedback):
                return TransportFeedbackDescription.Describe(feedback);
            default:
                return null;
        }
    }

    /// <summary>Writes the packet again through its type's writer; returns the length written.</summary>
    public static int Rewrite(RtcpPacket packet, Span<byte> destination)
    {
        int length;
        bool written;
        switch (packet.Kind)
        {
            case RtcpPacketKind.SenderReport:
            {
                RtcpSenderReport.TryParse(packet, out RtcpSenderReport sr);
                Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[sr.ReportCount];
                for (int i = 0; i < blocks.Length; i++)
                {
                    blocks[i] = sr.GetReportBlock(i);
                }

                written = RtcpSenderReport.TryWrite(destination, sr.Ssrc, sr.SenderInfo, blocks, out length);
                break;
            }

            case RtcpPacketKind.ReceiverReport:
            {
                RtcpReceiverReport.TryParse(packet, out RtcpReceiverReport rr);
                Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[rr.ReportCount];
                for (int i = 0; i < blocks.Length; i++)
                {
                    blocks[i] = rr.GetReportBlock(i);
                }

                written = RtcpReceiverReport.TryWrite(destination, rr.Ssrc, blocks, out length);
                break;
            }

            case RtcpPacketKind.SourceDescription:
            {
                RtcpSourceDescription.TryParse(packet, out RtcpSourceDescription sdes);
                var writer = new RtcpSourceDescriptionWriter(destination);
                written = true;
                foreach (RtcpSdesChunk chunk in sdes.Chunks)
                {
                    written &= writer.TryAddChunk(chunk.Ssrc);
                    foreach (RtcpSdesItem item in chunk.Items)
                    {
                        written &= writer.TryAddItem(item.Type, item.Text);
                    }
                }

                written &= writer.TryFinish(out length);
                break;
            }

            case RtcpPacketKind.Goodbye:
            {
                RtcpBye.TryParse(packet, out RtcpBye bye);
                Span<uint> ssrcs = stackalloc uint[bye.SourceCount];
                for (int i = 0; i < ssrcs.Length; i++)
                {
                    ssrcs[i] = bye.GetSsrc(i);
                }

                written = RtcpBye.TryWrite(destination, ssrcs, bye.Reason, out length);
                break;
            }

            case RtcpPacketKind.ExtendedReport:
            {
                RtcpExtendedReport.TryParse(packet, out RtcpExtendedReport xr);
                var writer = new RtcpExtendedReportWriter(destination, xr.Ssrc);
                written = true;
                foreach (RtcpXrBlock block in xr.Blocks)
                {
                    written &= writer.TryAddBlock(block.Type, block.TypeSpecific, block.Content);
                }

                written &= writer.TryFinish(out length);
                break;
            }

            case RtcpPacketKind.GenericNack:
            {
                RtcpGenericNack.TryParse(packet, out RtcpGenericNack nack);
                var items = new RtcpNackItem[nack.ItemCount];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = nack.GetItem(i);
                }

                written = RtcpGenericNack.TryWrite(destination, nack.SenderSsrc, nack.MediaSsrc, items, out length);
                break;
            }

            case RtcpPacketKind.PictureLossIndication:
            {
                RtcpPictureLossIndication.TryParse(packet, out RtcpPictureLossIndication pli);
                written = RtcpPictureLossIndication.TryWrite(destination, pli.SenderSsrc, pli.MediaSsrc, out length);
                break;
            }

            case RtcpPacketKind.FullIntraRequest:
            {
                RtcpFullIntraRequest.TryParse(packet, out RtcpFullIntraRequest fir);
                var entries = new RtcpFirEntry[fir.EntryCount];
                for (int i = 0; i < entries.Length; i++)
                {
                    entries[i] = fir.GetEntry(i);
                }

                written = RtcpFullIntraRequest.TryWrite(destination, fir.SenderSsrc, fir.MediaSsrc, entries, out length);
                break;
            }

            case RtcpPacketKind.ReceiverEstimatedMaximumBitrate:
            {
                RtcpRemb.TryParse(packet, out RtcpRemb remb);
                Span<uint> ssrcs = stackalloc uint[remb.SsrcCount];
                for (int i = 0; i < ssrcs.Length; i++)
                {
                    ssrcs[i] = remb.GetSsrc(i);
                }

                written = RtcpRemb.TryWrite(destination, remb.SenderSsrc, remb.Exponent, remb.Mantissa, ssrcs, out length);
                break;
            }

            default:
                throw new InvalidOperationException($"No writer for {packet.Kind}.");
        }

        if (!written)
        {
            throw new InvalidOperationException($"The {packet.Kind} writer refused a packet its parser accepted.");
        }

        return length;
    }
}
