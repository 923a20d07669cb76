using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.Rtp;
using Sfu.Transport.Sdp;
using Sfu.Transport.WebRtc;

namespace Sfu.Web.Tests.Beep;

/// <summary>One packet a Beep client received: its stream, numbering, and the tag of the client that spoke it.</summary>
public sealed record HeardPacket(uint Ssrc, ushort SequenceNumber, uint Timestamp, byte Speaker);

/// <summary>
/// A Beep client in client-mode WebRTC (no browser): one sendrecv audio section offered over GET /connect with an
/// X-User-Claim, ICE and DTLS to the answer, then Opus-shaped packets carrying its tag and an RFC 6464 audio level.
/// </summary>
public sealed class BeepClient : IWebRtcTransportHandler
{
    private const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _buffer = new byte[1500];
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private WebRtcClientTransport _transport = null!;
    private byte _midId;
    private byte _audioLevelId;
    private ushort _sequenceNumber = 1000;
    private uint _timestamp = 5000;

    private BeepClient(string user, byte tag, MediaWorkerLoop loop)
    {
        User = user;
        Tag = tag;
        Loop = loop;
    }

    public string User { get; }

    public byte Tag { get; }

    public MediaWorkerLoop Loop { get; }

    public ConcurrentQueue<HeardPacket> Heard { get; } = new();

    public static string Claim(string user) => JsonSerializer.Serialize(new { userid = user, clientid = "test" });

    public static async Task<BeepClient> ConnectAsync(Uri server, string user, byte tag, MediaWorkerLoop loop, WebRtcTransportOptions options)
    {
        var client = new BeepClient(user, tag, loop);
        await loop.InvokeAsync(() => client._transport = new WebRtcClientTransport(loop, options, handler: client));
        SessionDescription offer = SdpOfferBuilder.Build(new SdpOfferOptions
        {
            IceUfrag = client._transport.LocalCredentials.UsernameFragment,
            IcePwd = client._transport.LocalCredentials.Password,
            Fingerprint = SdpFingerprint.FromDtls(options.Certificate.GetFingerprint("sha-256")),
            Sections =
            [
                new SdpOfferSection(MediaDescription.Audio, SdpDirection.SendRecv)
                {
                    Codecs = [new SdpOfferCodec(111, new SdpCodecCapability(MediaDescription.Audio, "opus", 48000, 2))],
                    HeaderExtensionUris = [MidUri, AudioLevelUri],
                    Send = new SdpSendStream(client._ssrc, $"cname-{user}", $"stream-{user}", "microphone"),
                },
            ],
        });
        MediaDescription offered = offer.Media[0];
        client._midId = (byte)offered.Extmaps.First(e => e.Uri == MidUri).Id;
        client._audioLevelId = (byte)offered.Extmaps.First(e => e.Uri == AudioLevelUri).Id;

        string answerText = await ExchangeAsync(server, user, SdpWriter.Write(offer));
        SdpParser.TryParse(answerText, out SessionDescription? answer, out string? error).Should().BeTrue(error);
        MediaDescription answered = answer!.Media[0];
        SdpCandidate candidate = answered.Candidates.First(c => c.Transport == "udp");
        answered.Fingerprints[0].TryToDtls(out DtlsFingerprint? fingerprint).Should().BeTrue();
        await loop.InvokeAsync(() => client._transport.Connect(
            new WebRtcIceParameters(answered.IceUfrag!, answered.IcePwd!, IceLite: true),
            new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port),
            fingerprint!));
        await client._connected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return client;
    }

    /// <summary>GET /connect: the offer as one text message, the answer as one text message, then the close.</summary>
    private static async Task<string> ExchangeAsync(Uri server, string user, string offer)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-User-Claim", Claim(user));
        await socket.ConnectAsync(new Uri($"ws://{server.Authority}/connect"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes(offer), WebSocketMessageType.Text, true, CancellationToken.None);
        var text = new StringBuilder();
        byte[] chunk = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(chunk, CancellationToken.None);
            text.Append(Encoding.UTF8.GetString(chunk, 0, result.Count));
        }
        while (!result.EndOfMessage && result.MessageType == WebSocketMessageType.Text);

        return text.ToString();
    }

    /// <summary>One 20 ms Opus-shaped packet at this RFC 6464 level (0 loudest, 127 silence), tagged with who speaks.</summary>
    public Task SendAsync(byte level) => Loop.InvokeAsync(() =>
    {
        var writer = new RtpPacketWriter(_buffer, 111, _sequenceNumber++, _timestamp += 960, _ssrc);
        writer.TryAddExtension(_midId, "0"u8);
        writer.TryAddExtension(_audioLevelId, [(byte)(0x80 | level)]);
        writer.TryFinish([Tag, 0xF8, 0xFF, 0xFE], 0, out int length);
        _transport.TrySendRtp(_buffer, length);
    });

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
        if (RtpPacket.TryParse(packet, out RtpPacket rtp) && rtp.PayloadLength > 0)
        {
            Heard.Enqueue(new HeardPacket(rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp, rtp.Payload[0]));
        }
    }

    void IWebRtcTransportHandler.OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
    }
}
