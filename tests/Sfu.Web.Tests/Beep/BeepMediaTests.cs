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

    /// <summary>Everyone sends a packet every 20 ms for <paramref name="ms"/>, at these levels.</summary>
    private static async Task TalkAsync(int ms, params (BeepClient Client, byte Level)[] voices)
    {
        for (int elapsed = 0; elapsed < ms; elapsed += 20)
        {
            foreach ((BeepClient client, byte level) in voices)
            {
                await client.SendAsync(level);
            }

            await Task.Delay(20);
        }
    }

    private static IReadOnlyList<PeerPacket> Drain(BeepClient client)
    {
        var packets = new List<PeerPacket>();
        while (client.Heard.TryDequeue(out PeerPacket? packet))
        {
            packets.Add(packet);
        }

        return packets;
    }

    private static byte[] LastSpeakers(IReadOnlyList<PeerPacket> packets, int count) =>
        [.. packets.Skip(Math.Max(0, packets.Count - count)).Select(p => p.FirstByte).Distinct()];

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
        await TalkAsync(1500, (ada, 20), (bea, 50), (cy, 127));
        IReadOnlyList<PeerPacket> cyFirst = Drain(cy);
        IReadOnlyList<PeerPacket> beaFirst = Drain(bea);
        IReadOnlyList<PeerPacket> adaFirst = Drain(ada);
        LastSpeakers(cyFirst, 25).Should().Equal([(byte)1], "Cy hears Ada, who holds the floor");
        LastSpeakers(beaFirst, 25).Should().Equal([(byte)1], "so does Bea");
        LastSpeakers(adaFirst, 25).Should().Equal([(byte)2], "Ada never hears herself: she hears the loudest other, Bea");

        // Now Bea talks loudly and Ada falls silent: the floor moves to Bea after the switch delay.
        await TalkAsync(1500, (ada, 127), (bea, 15), (cy, 127));
        IReadOnlyList<PeerPacket> cySecond = Drain(cy);
        LastSpeakers(cySecond, 25).Should().Equal([(byte)2], "Cy now hears Bea");
        LastSpeakers(Drain(ada), 25).Should().Equal([(byte)2], "Ada hears Bea");
        LastSpeakers(Drain(bea), 25).Should().Equal([(byte)1], "Bea hears the previous speaker, Ada");

        // What Cy heard across the switch is one stream: one SSRC, every sequence number once and in order, time
        // moving forward.
        PeerPacket[] all = [.. cyFirst, .. cySecond];
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
        await TalkAsync(600, (ada, 20), (bea, 20));
        Drain(ada).Should().BeEmpty("nobody else is in room a");
        Drain(bea).Should().BeEmpty("nobody else is in room b");

        await JoinAsync(bea, "room-a");
        await TalkAsync(800, (ada, 20), (bea, 20));
        Drain(ada).Should().NotBeEmpty("Bea moved into room a");
        Drain(bea).Should().NotBeEmpty();
    }
}
