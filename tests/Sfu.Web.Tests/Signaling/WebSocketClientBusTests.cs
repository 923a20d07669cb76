using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Actors.TestKit;
using Sfu.Web.Signaling;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Signaling;

/// <summary>
/// The server's side of the bus over a real WebSocket, under virtual time so that the batch window ends exactly
/// when the test says (PROTOCOL.md §4.2–§4.3; R38, R39): the first batched payload leaves at once, the ones sent
/// while its window is open leave together, in order, when it closes; responses and immediate sends never wait, and
/// take what the window gathered with them.
/// </summary>
public sealed class WebSocketClientBusTests : IAsyncLifetime
{
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(300);
    private readonly VirtualTimeProvider _time = new();
    private WebSocketPair _pair = null!;
    private WebSocketClientBus _bus = null!;

    private TestClient Client => _pair.Client;

    public async Task InitializeAsync()
    {
        _pair = await WebSocketPair.ConnectAsync();
        _bus = NewBus(_pair);
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _pair.DisposeAsync();
    }

    [Fact]
    public async Task The_first_payload_leaves_at_once_and_the_next_ones_leave_together_in_order_when_the_window_ends()
    {
        _bus.Send("BROADCAST", 0);
        (await Names(Client)).Should().Equal("BROADCAST:0");

        _bus.Send("BROADCAST", 1);
        _bus.Send("SESSION_LEAVE", 2);
        _bus.Send("BROADCAST", 3);
        await Client.ExpectNothingAsync();

        _time.Advance(BatchDelay);

        (await Names(Client)).Should().Equal("BROADCAST:1", "SESSION_LEAVE:2", "BROADCAST:3");
    }

    [Fact]
    public async Task After_a_window_has_ended_the_next_payload_leaves_at_once_again()
    {
        _bus.Send("BROADCAST", 0);
        await Names(Client);
        _time.Advance(BatchDelay);
        await Client.ExpectNothingAsync(TimeSpan.FromMilliseconds(200));

        _bus.Send("BROADCAST", 1);

        (await Names(Client)).Should().Equal("BROADCAST:1");
    }

    [Fact]
    public async Task Responses_and_immediate_sends_are_not_delayed_and_carry_what_the_window_gathered_ahead_of_them()
    {
        _bus.Send("BROADCAST", 0);
        await Names(Client);
        _bus.Send("BROADCAST", 1);

        _bus.Respond("c_7", new JsonObject { ["id"] = "x" });
        _bus.Send("INIT_TRANSPORTS", 2, immediate: true);

        JsonElement[] first = await Payloads(Client);
        first.Should().HaveCount(2, "the batched payload leaves first, in the response's frame: order holds (unlike upstream)");
        first[0].GetProperty("message").GetProperty("name").GetString().Should().Be("BROADCAST");
        first[1].GetProperty("responseTo").GetString().Should().Be("c_7");
        first[1].GetProperty("message").GetProperty("id").GetString().Should().Be("x");
        (await Names(Client)).Should().Equal("INIT_TRANSPORTS:2");
        _time.Advance(BatchDelay);
        await Client.ExpectNothingAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Server_request_ids_are_unique_on_a_connection_and_across_connections()
    {
        await using WebSocketPair otherPair = await WebSocketPair.ConnectAsync();
        await using WebSocketClientBus other = NewBus(otherPair);
        var ids = new List<string>();

        for (int i = 0; i < 50; i++)
        {
            _ = _bus.RequestAsync("PING", null, TimeSpan.FromMinutes(1), immediate: true);
            ids.Add((await Single(Client)).GetProperty("needResponse").GetString()!);
        }

        _ = other.RequestAsync("PING", null, TimeSpan.FromMinutes(1), immediate: true);
        ids.Add((await Single(otherPair.Client)).GetProperty("needResponse").GetString()!);

        ids.Should().OnlyHaveUniqueItems().And.AllSatisfy(id => id.Should().MatchRegex(@"^s_\d+_\d+$"));
    }

    [Fact]
    public async Task A_request_waiting_in_the_window_is_sent_with_its_id_when_the_window_ends()
    {
        _bus.Send("BROADCAST", 0);
        await Names(Client);
        Task<JsonElement> ping = _bus.RequestAsync("PING", null, TimeSpan.FromMinutes(1));
        await Client.ExpectNothingAsync();

        _time.Advance(BatchDelay);

        string id = (await Single(Client)).GetProperty("needResponse").GetString()!;
        _bus.ResolveResponse(id, default);
        await ping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private WebSocketClientBus NewBus(WebSocketPair pair) =>
        new(pair.Server, "127.0.0.1", BatchDelay, maxPendingFrames: 1024, _time, NullLogger.Instance);

    /// <summary>The next frame's payloads as <c>name:payload</c>.</summary>
    private static async Task<string[]> Names(TestClient client) =>
        [.. (await Payloads(client)).Select(p => p.GetProperty("message").GetProperty("name").GetString() + ":"
            + p.GetProperty("message").GetProperty("payload").GetRawText())];

    private static async Task<JsonElement> Single(TestClient client) => (await Payloads(client)).Should().ContainSingle().Subject;

    private static async Task<JsonElement[]> Payloads(TestClient client)
    {
        TestClient.Frame frame = await client.ReceiveAsync();
        frame.Kind.Should().Be(TestClient.FrameKind.Text);
        return [.. JsonDocument.Parse(frame.Content!).RootElement.EnumerateArray().Select(p => p.Clone())];
    }
}
