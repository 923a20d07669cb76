namespace Sfu.Transport.Sdp;

/// <summary>
/// A codec one side supports: kind ("audio"/"video"), name, clock rate, channels (audio), the format parameters
/// it answers or offers with, and the RTCP feedback it understands (payload type left null). RTX is a codec
/// named "rtx" of the same kind: listing it lets the answer keep the offer's retransmission payload types.
/// </summary>
public sealed record SdpCodecCapability(string Kind, string Name, int ClockRate, int? Channels = null)
{
    public const string Rtx = "rtx";

    public ValueList<SdpFmtpParameter> Parameters { get; init; } = ValueList<SdpFmtpParameter>.Empty;

    public ValueList<SdpRtcpFeedback> Feedback { get; init; } = ValueList<SdpRtcpFeedback>.Empty;

    public bool IsRtx => string.Equals(Name, Rtx, StringComparison.OrdinalIgnoreCase);

    public string? ParameterOf(string key)
    {
        foreach (SdpFmtpParameter parameter in Parameters)
        {
            if (string.Equals(parameter.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Value;
            }
        }

        return null;
    }
}

/// <summary>One stream we send in a section: its SSRC (and RTX SSRC), CNAME (RFC 7022) and msid (RFC 8830).</summary>
public sealed record SdpSendStream(uint Ssrc, string Cname, string StreamId, string TrackId)
{
    public uint? RtxSsrc { get; init; }
}

/// <summary>What a data channel section answers or offers (RFC 8841): SCTP port and largest message.</summary>
public sealed record SdpDataChannelCapability(int SctpPort = 5000, long MaxMessageSize = 262_144);
