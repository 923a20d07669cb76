using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Sfu.Transport.Net;
using Sfu.Transport.Rtp;
using Sfu.Transport.Sdp;
using Sfu.Transport.WebRtc;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Beep;

/// <summary>
/// A Beep client in client-mode WebRTC (no browser): one sendrecv audio section offered over GET /connect with an
/// X-User-Claim, then Opus-shaped packets whose first payload byte is its tag, with an RFC 6464 audio level.
/// </summary>
public sealed class BeepClient
{
    private readonly byte[] _buffer = new byte[1500];
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly SdpTestPeer _peer;
    private byte _audioLevelId;
    private ushort _sequenceNumber = 1000;
    private uint _timestamp = 5000;

    private BeepClient(string user, byte tag, SdpTestPeer peer)
    {
        User = user;
        Tag = tag;
        _peer = peer;
    }

    public string User { get; }

    public byte Tag { get; }

    /// <summary>What this client heard; <see cref="PeerPacket.FirstByte"/> is the speaker's tag.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<PeerPacket> Heard => _peer.Received;

    public static string Claim(string user) => JsonSerializer.Serialize(new { userid = user, clientid = "test" });

    public static async Task<BeepClient> ConnectAsync(Uri server, string user, byte tag, MediaWorkerLoop loop, WebRtcTransportOptions options)
    {
        var client = new BeepClient(user, tag, await SdpTestPeer.CreateAsync(loop, options));
        SessionDescription offer = client._peer.Offer(new SdpOfferSection(MediaDescription.Audio, SdpDirection.SendRecv)
        {
            Codecs = [new SdpOfferCodec(111, new SdpCodecCapability(MediaDescription.Audio, "opus", 48000, 2))],
            HeaderExtensionUris = [SdpTestPeer.MidUri, SdpTestPeer.AudioLevelUri],
            Send = new SdpSendStream(client._ssrc, $"cname-{user}", $"stream-{user}", "microphone"),
        });
        client._audioLevelId = (byte)offer.Media[0].Extmaps.First(e => e.Uri == SdpTestPeer.AudioLevelUri).Id;
        await client._peer.ConnectAsync(await ExchangeAsync(server, user, SdpWriter.Write(offer)));
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
    public Task SendAsync(byte level) => _peer.Loop.InvokeAsync(() =>
    {
        var writer = new RtpPacketWriter(_buffer, 111, _sequenceNumber++, _timestamp += 960, _ssrc);
        writer.TryAddExtension(_peer.MidId, "0"u8);
        writer.TryAddExtension(_audioLevelId, [(byte)(0x80 | level)]);
        writer.TryFinish([Tag, 0xF8, 0xFF, 0xFE], 0, out int length);
        _peer.Transport.TrySendRtp(_buffer, length);
    });

    public Task CloseAsync() => _peer.CloseAsync();
}
