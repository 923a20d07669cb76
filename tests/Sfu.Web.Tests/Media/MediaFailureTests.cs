using Sfu.Actors.Media;
using Sfu.Actors.TestKit;
using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Net;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// Failures of the media plane through the whole server (issue 4, Deliver 7): a router whose packet path throws and a
/// media worker whose thread dies. Either way the channel's sessions are closed with 1011, so that their clients
/// reconnect (PROTOCOL.md §3.4), and a fresh router on a running worker carries their media again.
/// </summary>
public sealed class MediaFailureTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_router_whose_packet_path_throws_closes_its_sessions_with_1011_and_a_fresh_router_carries_their_media()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob) = await AudioCallAsync(call);
        IReadOnlyList<MediaWorker> workers = call.Server.Server.Runtime.Media.Workers;
        await SetSendFilterAsync(workers, new ThrowingOnMedia());

        // Forwarding alice's audio to bob throws on the send path, inside the router's packet handler.
        await SendOpusAsync(call, alice, frames: 5);

        await ExpectClosedWithErrorAsync(alice, bob);
        await SetSendFilterAsync(workers, null);
        workers.Sum(w => w.RouterCount).Should().Be(1, "only the channel's fresh router runs");
        await ExpectMediaFlowsAgainAsync(call);
    }

    [Fact]
    public async Task A_media_worker_that_dies_is_replaced_and_its_channels_sessions_reconnect_to_a_fresh_router()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob) = await AudioCallAsync(call);
        IReadOnlyList<MediaWorker> workers = call.Server.Server.Runtime.Media.Workers;
        MediaWorker dead = workers.Single(w => w.RouterCount == 1);

        dead.Loop.Post(new FatalWorkItem());

        await ExpectClosedWithErrorAsync(alice, bob);
        workers.Should().NotContain(dead, "the pool replaced the dead worker");
        workers.Should().OnlyContain(w => w.Loop.IsRunning);
        await ExpectMediaFlowsAgainAsync(call);
    }

    /// <summary>Alice (1) publishes opus; Bob (2) consumes it.</summary>
    private static async Task<(Participant Alice, Participant Bob)> AudioCallAsync(MediaCall call)
    {
        Participant alice = await call.JoinAsync(1);
        Participant bob = await call.JoinAsync(2);
        await alice.ProduceAsync("audio", "audio", ProducerParameters.Opus("0", 11_111, "alice"));
        await MediaCall.WaitUntilAsync(() => bob.Consumers.Count == 1, "bob consumes alice's audio");
        return (alice, bob);
    }

    private static async Task ExpectClosedWithErrorAsync(params Participant[] participants)
    {
        foreach (Participant participant in participants)
        {
            (await participant.Signaling.Closed.WaitAsync(Generous)).Should().Be(1011);
        }
    }

    /// <summary>The clients reconnect as new sessions; the new router forwards alice's audio to bob.</summary>
    private static async Task ExpectMediaFlowsAgainAsync(MediaCall call)
    {
        var (alice, bob) = await AudioCallAsync(call);
        ReceivedConsumer audio = bob.Consumers.Values.Single();
        await SendOpusAsync(call, alice, frames: 20);
        await MediaCall.WaitUntilAsync(() => call.Rtp[bob].Any(p => p.Ssrc == audio.Ssrc), "bob receives alice's audio again");
    }

    private static async Task SendOpusAsync(MediaCall call, Participant sender, int frames)
    {
        for (int frame = 0; frame < frames; frame++)
        {
            int n = frame;
            await call.OnLoopAsync(() =>
            {
                Span<byte> buffer = stackalloc byte[1500];
                int length = SyntheticPackets.Opus(buffer, (ushort)(1000 + n), (uint)(960 * n), 11_111, "0", call.Loop.NowMs * 1000);
                sender.SendRtp(buffer, length);
            });
            await Task.Delay(20);
        }
    }

    private static Task SetSendFilterAsync(IReadOnlyList<MediaWorker> workers, IPacketSendFilter? filter) =>
        Task.WhenAll(workers.Select(w => w.Loop.InvokeAsync(() => w.Loop.SendFilter = filter)));

    /// <summary>A bug on the send path of RTP and RTCP (first byte 128–191, RFC 7983); STUN and DTLS pass.</summary>
    private sealed class ThrowingOnMedia : IPacketSendFilter
    {
        public bool ShouldDrop(ReadOnlySpan<byte> packet, in TransportTuple remote) =>
            packet.Length > 0 && packet[0] is >= 128 and <= 191
                ? throw new InvalidOperationException("injected: a bug on the media send path")
                : false;
    }
}
