namespace Sfu.Transport.Ortc;

/// <summary>
/// One RTCP feedback mechanism of a codec (RFC 4585 §4.2 a=rtcp-fb), e.g. ("nack", "pli"). <see cref="Parameter"/>
/// is "" when there is none: mediasoup always writes the member, and mediasoup-client expects it.
/// </summary>
public sealed record RtcpFeedback(string Type, string Parameter = "")
{
    public static RtcpFeedback Nack { get; } = new("nack");

    public static RtcpFeedback NackPli { get; } = new("nack", "pli");

    public static RtcpFeedback CcmFir { get; } = new("ccm", "fir");

    public static RtcpFeedback GoogRemb { get; } = new("goog-remb");

    public static RtcpFeedback TransportCc { get; } = new("transport-cc");
}
