namespace Sfu.Transport.WebRtc;

/// <summary>
/// What a <see cref="WebRtcTransport"/> reports, always on its worker's thread. Packet spans hold the decrypted
/// packet in the worker's receive buffer and are valid only during the call (copy what must outlive it).
/// </summary>
public interface IWebRtcTransportHandler
{
    void OnStateChanged(WebRtcTransport transport, WebRtcTransportState previous, WebRtcTransportState current);

    /// <summary>An authenticated, decrypted RTP packet.</summary>
    void OnRtp(WebRtcTransport transport, Span<byte> packet);

    /// <summary>An authenticated, decrypted RTCP packet (compound or reduced-size, RFC 5506).</summary>
    void OnRtcp(WebRtcTransport transport, Span<byte> packet);
}
