using System.Text.Json;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Signaling;

/// <summary>
/// Frames through the whole server (PROTOCOL.md §4.1, §4.3; R34, R39): a client frame may carry several payloads,
/// handled in array order; what the server relays leaves with leading-edge batching. The batch window is long
/// enough that a burst handled in one go certainly falls inside it.
/// </summary>
public sealed class BusFramingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(s => s with
    {
        Signaling = s.Signaling with { BatchDelay = TimeSpan.FromSeconds(2) },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Payloads_of_one_client_frame_are_handled_in_order_and_relayed_first_alone_then_together()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient sender = await _server.JoinAsync(channel, 1);
        await using TestClient receiver = await _server.JoinAsync(channel, 2);

        await sender.SendTextAsync(JsonSerializer.Serialize(new object[]
        {
            new { message = new { name = "BROADCAST", payload = "a" } },
            new { message = new { name = "C_INFO_CHANGE", payload = new { info = new { isTalking = true } } } },
            new { message = new { name = "BROADCAST", payload = "b" } },
            new { message = new { name = "BROADCAST", payload = "c" } },
        }));

        (await Frame(receiver)).Should().Equal("BROADCAST a");
        (await Frame(receiver)).Should().Equal("S_INFO_CHANGE {\"1\":{\"isTalking\":true}}", "BROADCAST b", "BROADCAST c");
    }

    /// <summary>The next frame's payloads, each as its name and what it carries (a broadcast's text, else the payload).</summary>
    private static async Task<string[]> Frame(TestClient client)
    {
        TestClient.Frame frame = await client.ReceiveAsync();
        frame.Kind.Should().Be(TestClient.FrameKind.Text);
        return [.. JsonDocument.Parse(frame.Content!).RootElement.EnumerateArray().Select(p =>
        {
            JsonElement message = p.GetProperty("message");
            JsonElement payload = message.GetProperty("payload");
            string name = message.GetProperty("name").GetString()!;
            return name + " " + (name == "BROADCAST" ? payload.GetProperty("message").GetString() : payload.GetRawText());
        })];
    }
}
