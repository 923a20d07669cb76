namespace Sfu.Transport.Ortc;

/// <summary>
/// A header extension capability (mediasoup RtpHeaderExtension). <see cref="Direction"/> is from the router's point
/// of view: "recvonly" extensions are accepted from producers and never put on consumers (PROTOCOL §6.1).
/// </summary>
public sealed record RtpHeaderExtension(
    MediaKind Kind,
    string Uri,
    int PreferredId,
    bool PreferredEncrypt,
    string Direction)
{
    public const string SendRecv = "sendrecv";

    public const string SendOnly = "sendonly";

    public const string RecvOnly = "recvonly";

    public const string Inactive = "inactive";
}
