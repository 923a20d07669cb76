using System.Collections.Concurrent;
using System.Net;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.Rtp;
using Sfu.Transport.Sdp;
using Sfu.Transport.WebRtc;

namespace Sfu.Web.Tests.Support;

/// <summary>One RTP packet an SDP peer received: stream, numbering, payload type, the MID it carried, first payload byte.</summary>
public sealed record PeerPacket(uint Ssrc, ushort SequenceNumber, uint Timestamp, byte PayloadType, string? Mid, byte FirstByte);

/// <summary>
/// A plain WebRTC peer in client-mode (src/Transport, no browser) that speaks SDP: it offers with
/// <see cref="SdpOfferBuilder"/> (complete, BUNDLEd, actpass), connects ICE and DTLS to the answer's candidate and
/// fingerprint, and records every RTP packet it receives. Used by the WHEP and Beep media tests.
/// </summary>
public sealed class SdpTestPeer : IWebRtcTransportHandler
{
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebRtcTransportOptions _options;
    private WebRtcClientTransport _transport = null!;

    private SdpTestPeer(MediaWorkerLoop loop, WebRtcTransportOptions options)
    {
        Loop = loop;
        _options = options;
    }

    public MediaWorkerLoop Loop { get; }

    public WebRtcClientTransport Transport => _transport;

    /// <summary>The mid extension id of the offer (one id per URI across the bundle).</summary>
    public byte MidId { get; private set; }

    public ConcurrentQueue<PeerPacket> Received { get; } = new();

    public static async Task<SdpTestPeer> CreateAsync(MediaWorkerLoop loop, WebRtcTransportOptions options)
    {
        var peer = new SdpTestPeer(loop, options);
        await loop.InvokeAsync(() => peer._transport = new WebRtcClientTransport(loop, options, handler: peer));
        return peer;
    }

    public SessionDescription Offer(params SdpOfferSection[] sections)
    {
        SessionDescription offer = SdpOfferBuilder.Build(new SdpOfferOptions
        {
            IceUfrag = _transport.LocalCredentials.UsernameFragment,
            IcePwd = _transport.LocalCredentials.Password,
            Fingerprint = SdpFingerprint.FromDtls(_options.Certificate.GetFingerprint("sha-256")),
            Sections = ValueList.From(sections),
        });
        MidId = (byte)(offer.Media.SelectMany(m => m.Extmaps).FirstOrDefault(e => e.Uri == MidUri)?.Id ?? 0);
        return offer;
    }

    /// <summary>Connects to the answer's UDP candidate and waits until ICE and DTLS are up.</summary>
    public async Task ConnectAsync(string answerText)
    {
        SdpParser.TryParse(answerText, out SessionDescription? answer, out string? error).Should().BeTrue(error);
        MediaDescription answered = answer!.Media.First(m => !m.IsRejected);
        SdpCandidate candidate = answered.Candidates.First(c => c.Transport == "udp");
        answered.Fingerprints[0].TryToDtls(out DtlsFingerprint? fingerprint).Should().BeTrue();
        await Loop.InvokeAsync(() => _transport.Connect(
            new WebRtcIceParameters(answered.IceUfrag!, answered.IcePwd!, IceLite: true),
            new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port),
            fingerprint!));
        await _connected.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public Task CloseAsync() => Loop.InvokeAsync(() => _transport.Close());

    void IWebRtcTransportHandler.OnStateChanged(WebRtcTransport transport, WebRtcTransportState previous, WebRtcTransportState current)
    {
        if (current == WebRtcTransportState.Connected)
        {
            _connected.TrySetResult();
        }
    }

    void IWebRtcTransportHandler.OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out RtpPacket rtp) || rtp.PayloadLength == 0)
        {
            return;
        }

        string? mid = MidId != 0 && rtp.TryGetExtension(MidId, out Span<byte> value) ? System.Text.Encoding.ASCII.GetString(value) : null;
        Received.Enqueue(new PeerPacket(rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp, rtp.PayloadType, mid, rtp.Payload[0]));
    }

    void IWebRtcTransportHandler.OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
    }
}
