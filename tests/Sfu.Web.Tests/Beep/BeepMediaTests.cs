using System.Net.Http.Headers;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.WebRtc;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Beep;

/// <summary>
/// The Beep mode's media through the whole server with client-mode WebRTC clients: members of a conversation hear
/// the dominant speaker on their one track, as one stream whose numbering never breaks when the floor moves.
/// </summary>
public sealed class BeepMediaTests : IAsyncLifetime
{
    private readonly DtlsHandshakePool _handshakes = new();
    private readonly MediaWorkerLoop _loop = new(new MediaWorkerLoopOptions { Name = "beep-clients" });
    private readonly List<BeepClient> _clients = [];
    private TestServer _server = null!;
    private WebRtcTransportOptions _options = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            settings => settings with { Beep = settings.Beep with { Enabled = true } },
            new Dictionary<string, string?> { ["PUBLIC_IP"] = "127.0.0.1" });
        _options = new WebRtcTransportOptions(DtlsCertificate.Generate()) { HandshakePool = _handshakes };
    }

    public async Task DisposeAsync()
    {
        foreach (BeepClient client in _clients)
        {
            await client.CloseAsync();
        }

        _loop.Dispose();
        _handshakes.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<BeepClient> ConnectAsync(string user, byte tag)
    {
        BeepClient client = await BeepClient.ConnectAsync(_server.BaseAddress, user, tag, _loop, _options);
        _clients.Add(client);
        return client;
    }

    private async Task JoinAsync(BeepClient client, string conversation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/join/{conversation}");
        request.Headers.TryAddWithoutValidation("X-User-Claim", BeepClient.Claim(client.User));
        using HttpResponseMessage response = await _server.Http.SendAsync(request);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    /// <summary>The longest a talk goes on past its length while waiting for what it is expected to settle on.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Everyone sends a packet every 20 ms at these levels for <paramref name="ms"/>, then on until
    /// <paramref name="settled"/> holds of what each member heard during this talk (at most <see cref="SettleTimeout"/>
    /// more). A busy machine can pause the talk for longer than the detector's silence time (500 ms) between two
    /// members' packets: at the next decision the member who paused counts as silent and, for a tick, the dominant
    /// speaker may hear someone else. What the talk settles on is what the test checks. Returns what each member heard.
    /// </summary>
    private static async Task<Dictionary<BeepClient, List<PeerPacket>>> TalkAsync(
        int ms, Func<Dictionary<BeepClient, List<PeerPacket>>, bool> settled, params (BeepClient Client, byte Level)[] voices)
    {
        Dictionary<BeepClient, List<PeerPacket>> heard = voices.ToDictionary(v => v.Client, _ => new List<PeerPacket>());
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(ms) + SettleTimeout;
        for (int elapsed = 0; elapsed < ms || (!settled(heard) && DateTime.UtcNow < deadline); elapsed += 20)
        {
            foreach ((BeepClient client, byte level) in voices)
            {
                await client.SendAsync(level);
            }

            await Task.Delay(20);
            foreach ((BeepClient client, List<PeerPacket> packets) in heard)
            {
                while (client.Heard.TryDequeue(out PeerPacket? packet))
                {
                    packets.Add(packet);
                }
            }
        }

        return heard;
    }

    private static bool Always(Dictionary<BeepClient, List<PeerPacket>> heard) => true;

    private static byte[] LastSpeakers(IReadOnlyList<PeerPacket> packets, int count) =>
        [.. packets.Skip(Math.Max(0, packets.Count - count)).Select(p => p.FirstByte).Distinct()];

    /// <summary>Whether the last 25 packets a member heard (20 ms each: half a second) are all the speaker's.</summary>
    private static bool Hears(IReadOnlyList<PeerPacket> packets, BeepClient speaker) =>
        packets.Count >= 25 && LastSpeakers(packets, 25) is [var only] && only == speaker.Tag;

    [Fact]
    public async Task Members_hear_the_dominant_speaker_on_one_unbroken_stream_and_the_floor_follows_the_levels()
    {
        BeepClient ada = await ConnectAsync("ada", 1);
        BeepClient bea = await ConnectAsync("bea", 2);
        BeepClient cy = await ConnectAsync("cy", 3);
        foreach (BeepClient client in new[] { ada, bea, cy })
        {
            await JoinAsync(client, "standup");
        }

        // Ada talks loudly, Bea murmurs, Cy is silent.
        var first = await TalkAsync(1500, heard => Hears(heard[cy], ada) && Hears(heard[bea], ada) && Hears(heard[ada], bea),
            (ada, 20), (bea, 50), (cy, 127));
        LastSpeakers(first[cy], 25).Should().Equal([(byte)1], "Cy hears Ada, who holds the floor");
        LastSpeakers(first[bea], 25).Should().Equal([(byte)1], "so does Bea");
        LastSpeakers(first[ada], 25).Should().Equal([(byte)2], "Ada never hears herself: she hears the loudest other, Bea");

        // Now Bea talks loudly and Ada falls silent: the floor moves to Bea after the switch delay.
        var second = await TalkAsync(1500, heard => Hears(heard[cy], bea) && Hears(heard[ada], bea) && Hears(heard[bea], ada),
            (ada, 127), (bea, 15), (cy, 127));
        LastSpeakers(second[cy], 25).Should().Equal([(byte)2], "Cy now hears Bea");
        LastSpeakers(second[ada], 25).Should().Equal([(byte)2], "Ada hears Bea");
        LastSpeakers(second[bea], 25).Should().Equal([(byte)1], "Bea hears the previous speaker, Ada");

        // What Cy heard across the switch is one stream: one SSRC, every sequence number once and in order, time
        // moving forward.
        PeerPacket[] all = [.. first[cy], .. second[cy]];
        all.Select(p => p.Ssrc).Distinct().Should().ContainSingle();
        all.Select(p => p.FirstByte).Distinct().Should().BeEquivalentTo(new byte[] { 1, 2 }, "both voices went through the one track");
        for (int i = 1; i < all.Length; i++)
        {
            ((ushort)(all[i].SequenceNumber - all[i - 1].SequenceNumber)).Should().Be(1, $"packet {i} follows packet {i - 1}");
            ((int)(all[i].Timestamp - all[i - 1].Timestamp)).Should().BePositive($"packet {i}'s timestamp moves forward");
        }
    }

    [Fact]
    public async Task Conversations_are_apart_and_a_join_moves_a_member_without_renegotiating()
    {
        BeepClient ada = await ConnectAsync("ada", 1);
        BeepClient bea = await ConnectAsync("bea", 2);
        await JoinAsync(ada, "room-a");
        await JoinAsync(bea, "room-b");
        var apart = await TalkAsync(600, Always, (ada, 20), (bea, 20));
        apart[ada].Should().BeEmpty("nobody else is in room a");
        apart[bea].Should().BeEmpty("nobody else is in room b");

        await JoinAsync(bea, "room-a");
        var together = await TalkAsync(800, Always, (ada, 20), (bea, 20));
        together[ada].Should().NotBeEmpty("Bea moved into room a");
        together[bea].Should().NotBeEmpty();
    }
}
