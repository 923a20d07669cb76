using Sfu.Actors.Auth;
using Sfu.Actors.TestKit;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Signaling;

/// <summary>
/// A client whose channel starts closing between its acknowledgement and its join: it was told it is
/// authenticated, so it is closed like the channel's other sessions, with 4108 (PROTOCOL.md §3.4), not 4106.
/// </summary>
public sealed class ClosingChannelTests
{
    [Fact]
    public async Task A_client_acknowledged_while_its_channel_is_closing_is_closed_with_4108()
    {
        var time = new VirtualTimeProvider();
        // Session 1 logs "… sent the unknown message …" and stalls there, so its channel stays in its closing state.
        using var logs = new StallingLoggerFactory("sent the unknown message");
        TestServer server = await TestServer.StartAsync(
            s => s with { Channel = s.Channel with { CloseTimeout = TimeSpan.FromSeconds(30) } }, logs: logs, time: time);
        try
        {
            await ClosingRaceAsync(server, time, logs);
        }
        finally
        {
            await DisposeUnderVirtualTimeAsync(server, time);
        }
    }

    private static async Task ClosingRaceAsync(TestServer server, VirtualTimeProvider time, StallingLoggerFactory logs)
    {
        string channel = await server.CreateChannelAsync();
        await using TestClient inside = await server.JoinAsync(channel, 1);
        try
        {
            await inside.SendMessageAsync("NO_SUCH_MESSAGE", new { });
            logs.WaitUntilStalled(TimeSpan.FromSeconds(10)).Should().BeTrue();
            // The close timer fires: the channel waits for its stuck session, the registry still knows it.
            time.Advance(TimeSpan.FromSeconds(30));

            await using TestClient late = await TestClient.ConnectAsync(server.WebSocketAddress);
            await late.AuthenticateAsync(channel, Jwt.Sign(new Dictionary<string, object> { ["session_id"] = 2 }, TestServer.Key));

            (await late.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty));
            (await late.ExpectCloseAsync()).Should().Be(4108);
        }
        finally
        {
            logs.Release();
        }

        (await inside.ExpectCloseAsync()).Should().Be(4108);
    }

    /// <summary>
    /// Shutting the server down waits on its own clock (graceful close deadlines), which is virtual here: keep it
    /// moving until the server is gone, or the dispose would wait forever.
    /// </summary>
    private static async Task DisposeUnderVirtualTimeAsync(TestServer server, VirtualTimeProvider time)
    {
        Task disposing = server.DisposeAsync().AsTask();
        while (!disposing.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(disposing, Task.Delay(20));
        }

        await disposing;
    }
}
