using System.Text;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Tests.Rtp.Support;

/// <summary>
/// A canonical text of everything a parsed RTP packet exposes, so that round trips (parse, write, parse) can be
/// compared field by field in a tight loop. Elements of either RFC 8285 form are listed as (id, value) pairs,
/// because a writer may legitimately pick the other form; other profiles are kept raw.
/// </summary>
internal static class RtpDescription
{
    public static string Describe(RtpPacket packet)
    {
        var text = new StringBuilder();
        text.Append("M=").Append(packet.Marker).Append(" PT=").Append(packet.PayloadType)
            .Append(" seq=").Append(packet.SequenceNumber).Append(" ts=").Append(packet.Timestamp)
            .Append(" ssrc=").Append(packet.Ssrc).Append(" csrc=[");
        for (int i = 0; i < packet.CsrcCount; i++)
        {
            text.Append(packet.GetCsrc(i)).Append(' ');
        }

        text.Append("] ext=");
        AppendExtensions(text, packet);
        text.Append(" payload=").Append(Hex.Format(packet.Payload)).Append(" padding=").Append(packet.PaddingLength);
        return text.ToString();
    }

    public static List<(byte Id, string Value)> Elements(RtpPacket packet)
    {
        var elements = new List<(byte, string)>();
        foreach (RtpHeaderExtension element in packet.Extensions)
        {
            elements.Add((element.Id, Hex.Format(element.Value)));
        }

        return elements;
    }

    /// <summary>Rebuilds the packet with <see cref="RtpPacketWriter"/> from what the view exposes.</summary>
    public static int Rewrite(RtpPacket packet, Span<byte> destination)
    {
        var writer = new RtpPacketWriter(destination, packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Marker);
        for (int i = 0; i < packet.CsrcCount; i++)
        {
            Require(writer.TryAddCsrc(packet.GetCsrc(i)), "CSRC");
        }

        if (packet.ExtensionForm == RtpHeaderExtensionForm.Unknown)
        {
            Require(writer.TrySetRawExtension(packet.ExtensionProfile, packet.ExtensionBody), "raw extension");
        }
        else
        {
            foreach (RtpHeaderExtension element in packet.Extensions)
            {
                Require(writer.TryAddExtension(element.Id, element.Value), "extension element");
            }
        }

        Require(writer.TryFinish(packet.Payload, packet.PaddingLength, out int length), "finish");
        return length;
    }

    private static void AppendExtensions(StringBuilder text, RtpPacket packet)
    {
        if (packet.ExtensionForm == RtpHeaderExtensionForm.Unknown)
        {
            text.Append("raw:").Append(packet.ExtensionProfile.ToString("x4")).Append(':').Append(Hex.Format(packet.ExtensionBody));
            return;
        }

        text.Append('[');
        foreach (RtpHeaderExtension element in packet.Extensions)
        {
            text.Append(element.Id).Append(':').Append(Hex.Format(element.Value)).Append(' ');
        }

        text.Append(']');
    }

    private static void Require(bool done, string step)
    {
        if (!done)
        {
            throw new InvalidOperationException($"The writer refused the {step} of a packet the parser accepted.");
        }
    }
}
