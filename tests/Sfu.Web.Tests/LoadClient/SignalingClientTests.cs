using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Auth;
using Sfu.Load.Signaling;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.LoadClient;

/// <summary>The load tool's signaling client against the real server, in a channel without WebRTC.</summary>
public sealed class SignalingClientTests
{
    [Fact]
    public async Task Two_participants_exchange_broadcasts_and_hear_each_other_leave()
    {
        await using TestServer server = await TestServer.StartAsync();
        string channel = await server.CreateChannelAsync(webRtc: false);
        await using SignalingClient alice = await SignalingClient.ConnectAsync(server.BaseAddress, channel, Token(channel, 1));
        await using SignalingClient bob = await SignalingClient.ConnectAsync(server.BaseAddress, channel, Token(channel, 2));
        var bobHeard = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aliceHeard = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.MessageReceived += (name, payload) => { if (name == "BROADCAST") bobHeard.TrySetResult(payload); };
        alice.MessageReceived += (name, payload) => { if (name == "SESSION_LEAVE") aliceHeard.TrySetResult(payload); };

        await alice.SendMessageAsync("BROADCAST", new JsonObject { ["hello"] = "bob" });
        JsonElement? broadcast = await bobHeard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await bob.CloseAsync();
        JsonElement? leave = await aliceHeard.Task.WaitAsync(TimeSpan.FromSeconds(10));

        broadcast!.Value.GetRawText().Should().Be("{\"senderId\":1,\"message\":{\"hello\":\"bob\"}}");
        leave!.Value.GetRawText().Should().Be("{\"sessionId\":2}");
    }

    [Fact]
    public async Task A_refused_token_surfaces_as_its_close_code()
    {
        await using TestServer server = await TestServer.StartAsync();
        string channel = await server.CreateChannelAsync(webRtc: false);

        Func<Task> connect = () => SignalingClient.ConnectAsync(server.BaseAddress, channel, Jwt.Sign(new { session_id = 1 }, new byte[32]));

        (await connect.Should().ThrowAsync<SignalingException>()).Which.CloseCode.Should().Be(4106);
    }

    private static string Token(string channel, int sessionId) =>
        Jwt.Sign(new { sfu_channel_uuid = channel, session_id = sessionId }, TestServer.Key);
}
