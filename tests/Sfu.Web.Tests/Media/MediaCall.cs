using System.Collections.Concurrent;
using System.Text;
using Sfu.Actors.Auth;
using Sfu.Actors.Channels;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Load.Participants;
using Sfu.Transport.Codecs;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.Rtp;
using Sfu.Transport.WebRtc;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Media;

/// <summary>One RTP packet a participant received, as the test needs it (the span itself does not outlive the call).</summary>
public sealed record ReceivedRtp(uint Ssrc, byte PayloadType, ushort SequenceNumber, uint Timestamp, string? Mid, byte[] Payload)
{
    /// <summary>Whether this VP8 packet starts a key frame (RFC 7741 §4.3).</summary>
    public bool IsVp8KeyFrame => Vp8PayloadDescriptor.TryParse(Payload, out Vp8PayloadDescriptor descriptor) && descriptor.IsKeyFrame;

    /// <summary>The VP8 picture id as forwarded; -1 when absent.</summary>
    public int Vp8PictureId => Vp8PayloadDescriptor.TryParse(Payload, out Vp8PayloadDescriptor descriptor) && descriptor.HasPictureId ? descriptor.PictureId : -1;
}

/// <summary>
/// A real server and client-mode participants on one client loop: the media tests' fixture. Everything each
/// participant receives is recorded; RTCP arrives as raw copies.
/// </summary>
public sealed class MediaCall : IParticipantMediaSink, IAsyncDisposable
{
    private readonly DtlsHandshakePool _handshakes = new();
    private readonly List<Participant> _participants = [];

    private MediaCall(TestServer server, string channel)
    {
        Server = server;
        Channel = channel;
        Loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { Name = "test-participants" });
        Options = new WebRtcTransportOptions(DtlsCertificate.Generate()) { HandshakePool = _handshakes };
    }

    public TestServer Server { get; }

    public string Channel { get; }

    public MediaWorkerLoop Loop { get; }

    public WebRtcTransportOptions Options { get; }

    public ConcurrentDictionary<Participant, ConcurrentQueue<ReceivedRtp>> Rtp { get; } = new();

    public ConcurrentDictionary<Participant, ConcurrentQueue<byte[]>> UploadRtcp { get; } = new();

    public ConcurrentDictionary<Participant, ConcurrentQueue<byte[]>> DownloadRtcp { get; } = new();

    /// <summary>The MID extension id the server uses on forwarded packets (router id 1, R95).</summary>
    public byte ForwardedMidId { get; set; } = 1;

    public static async Task<MediaCall> StartAsync(Func<Sfu.Actors.Configuration.SfuSettings, Sfu.Actors.Configuration.SfuSettings>? configure = null)
    {
        // Media candidates announce PUBLIC_IP: the participants must reach it.
        TestServer server = await TestServer.StartAsync(configure, new Dictionary<string, string?> { ["PUBLIC_IP"] = "127.0.0.1" });
        string channel = await server.CreateChannelAsync(webRtc: true);
        return new MediaCall(server, channel);
    }

    /// <summary>Joins a participant with this session id and waits until both its transports are connected.</summary>
    /// <param name="transportFeedback">Whether it returns transport-cc feedback about what it downloads, as a browser does.</param>
    public async Task<Participant> JoinAsync(int sessionId, bool transportFeedback = false)
    {
        string token = Jwt.Sign(new { sfu_channel_uuid = Channel, session_id = sessionId }, TestServer.Key);
        Participant participant = await Participant.JoinAsync(Server.BaseAddress, Channel, token, Loop, Options, this, transportFeedback);
        Rtp[participant] = new ConcurrentQueue<ReceivedRtp>();
        UploadRtcp[participant] = new ConcurrentQueue<byte[]>();
        DownloadRtcp[participant] = new ConcurrentQueue<byte[]>();
        _participants.Add(participant);
        await participant.TransportsConnected.WaitAsync(TimeSpan.FromSeconds(20));
        return participant;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), or fails with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Caps one session's download during the call, as the router's actor message does; returns the cap in force.</summary>
    public async Task<long> LimitDownloadAsync(int sessionId, long maxBitrate)
    {
        IActorRef channel = await ChannelActorAsync();
        SessionDownloadLimited limited = await channel.Ask<SessionDownloadLimited>(
            new LimitSessionDownload(SessionId.FromNumber(sessionId), maxBitrate), TimeSpan.FromSeconds(10));
        return limited.MaxBitrate;
    }

    /// <summary>The server's bandwidth estimate for one session's download transport, within its cap (bit/s).</summary>
    public async Task<long> DownloadEstimateAsync(int sessionId)
    {
        IActorRef channel = await ChannelActorAsync();
        SessionDownload download = await channel.Ask<SessionDownload>(new GetSessionDownload(SessionId.FromNumber(sessionId)), TimeSpan.FromSeconds(10));
        return download.AvailableBitrate;
    }

    private async Task<IActorRef> ChannelActorAsync()
    {
        ChannelFound found = await Server.Server.Runtime.Registry.Ask<ChannelFound>(new FindChannel(Channel), TimeSpan.FromSeconds(10));
        return found.Channel;
    }

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds (polling every 100 ms), or fails with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Runs <paramref name="send"/> on the participants' loop (where transports may be used).</summary>
    public Task OnLoopAsync(Action send) => Loop.InvokeAsync(send);

    void IParticipantMediaSink.OnDownloadRtp(Participant participant, Span<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out RtpPacket rtp) || !Rtp.TryGetValue(participant, out var queue))
        {
            return;
        }

        string? mid = rtp.TryGetExtension(ForwardedMidId, out Span<byte> value) ? Encoding.ASCII.GetString(value) : null;
        queue.Enqueue(new ReceivedRtp(rtp.Ssrc, rtp.PayloadType, rtp.SequenceNumber, rtp.Timestamp, mid, rtp.Payload.ToArray()));
    }

    void IParticipantMediaSink.OnRtcp(Participant participant, bool download, Span<byte> packet)
    {
        var queues = download ? DownloadRtcp : UploadRtcp;
        if (queues.TryGetValue(participant, out var queue))
        {
            queue.Enqueue(packet.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Participant participant in _participants)
        {
            await participant.DisposeAsync();
        }

        Loop.Dispose();
        _handshakes.Dispose();
        await Server.DisposeAsync();
    }
}
