using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Process;

/// <summary>
/// The program as operators run it: start-up validation, development mode, and the signals of PROTOCOL.md §5.7
/// (SIGALRM soft reset, SIGFPE restart, SIGIO statistics, SIGINT and SIGTERM clean shutdown; R61, R62).
/// </summary>
public sealed class ServerProcessTests
{
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["AUTH_KEY"] = TestServer.AuthKey,
        ["PUBLIC_IP"] = "127.0.0.1",
    };

    [Theory]
    [InlineData("AUTH_KEY")]
    [InlineData("PUBLIC_IP")]
    public async Task Production_start_without_a_required_setting_stops_with_a_message_naming_it(string missing)
    {
        var env = new Dictionary<string, string?>(Production) { [missing] = null };
        await using ServerProcess server = ServerProcess.Start(env);

        (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();

        server.ExitCode.Should().NotBe(0);
        server.Errors.Trim().Should().StartWith($"Missing setting {missing}");
    }

    [Fact]
    public async Task An_invalid_value_stops_start_up_with_one_line_naming_the_setting_the_value_and_what_is_accepted()
    {
        var env = new Dictionary<string, string?>(Production) { ["CHANNEL_SIZE"] = "lots" };
        await using ServerProcess server = ServerProcess.Start(env);

        (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();

        server.ExitCode.Should().NotBe(0);
        string[] lines = server.Errors.Trim().Split('\n');
        lines.Should().ContainSingle();
        lines[0].Should().Contain("CHANNEL_SIZE").And.Contain("\"lots\"").And.Contain("expected");
    }

    [Fact]
    public async Task Development_mode_generates_a_key_prints_it_and_serves_on_loopback()
    {
        await using ServerProcess server = ServerProcess.Start(new Dictionary<string, string?>(), "--development");

        await server.WaitUntilServingAsync();

        server.Output.Should().MatchRegex("AUTH_KEY=[A-Za-z0-9+/]{43}=");
        server.Output.Should().Contain($"http://127.0.0.1:{server.Port}/");
    }

    [Fact]
    public async Task SIGALRM_closes_every_channel_with_4108_and_keeps_serving()
    {
        await using ServerProcess server = ServerProcess.Start(Production);
        await server.WaitUntilServingAsync();
        var (channel, client) = await server.JoinAsync();
        await using (client)
        {
            server.Signal(14);

            (await client.ExpectCloseAsync()).Should().Be(4108);
            await using TestClient late = await TestClient.ConnectAsync(server.WebSocketAddress);
            await late.AuthenticateAsync(channel, Sfu.Actors.Auth.Jwt.Sign(new { session_id = 2 }, TestServer.Key));
            (await late.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
        }
    }

    [Fact]
    public async Task SIGFPE_closes_channels_and_starts_serving_again_on_the_same_port()
    {
        await using ServerProcess server = ServerProcess.Start(Production);
        await server.WaitUntilServingAsync();
        var (_, client) = await server.JoinAsync();
        await using (client)
        {
            server.Signal(8);

            (await client.ExpectCloseAsync()).Should().Be(4108);
            await using TestClient again = await JoinAfterRestartAsync(server);
            again.State.Should().Be(System.Net.WebSockets.WebSocketState.Open);
            server.HasExited.Should().BeFalse();
        }
    }

    [Fact]
    public async Task SIGIO_logs_the_statistics_and_changes_nothing_for_clients()
    {
        var env = new Dictionary<string, string?>(Production) { ["LOG_LEVEL"] = "info" };
        await using ServerProcess server = ServerProcess.Start(env);
        await server.WaitUntilServingAsync();
        var (channel, client) = await server.JoinAsync();
        await using (client)
        {
            // A fresh process answers its first statistics request while it is still compiling that code, and on a
            // loaded machine a channel may miss the request's deadline (logged as "did not answer"); each SIGIO asks
            // again, so the signal is repeated until a dump shows the session.
            string expected = $"Channel {channel}: 1 sessions";
            for (int attempt = 0; attempt < 5 && !server.Output.Contains(expected); attempt++)
            {
                server.Signal(29);
                DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(4);
                while (DateTime.UtcNow < until && !server.Output.Contains(expected))
                {
                    await Task.Delay(50);
                }
            }

            server.Output.Should().Contain(expected, "SIGIO logs every channel with its sessions (stderr: {0})", server.Errors);
            server.HasExited.Should().BeFalse();
            await client.ExpectNothingAsync();
        }
    }

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(2)] // SIGINT
    public async Task SIGTERM_and_SIGINT_close_the_channels_with_4108_and_exit_cleanly(int signal)
    {
        await using ServerProcess server = ServerProcess.Start(Production);
        await server.WaitUntilServingAsync();
        var (_, client) = await server.JoinAsync();
        await using (client)
        {
            server.Signal(signal);

            (await client.ExpectCloseAsync()).Should().Be(4108);
            (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
            server.ExitCode.Should().Be(0);
        }
    }

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(2)] // SIGINT
    public async Task Started_in_the_background_with_the_stop_signals_inherited_ignored_it_still_stops_cleanly_on_them(int signal)
    {
        await using ServerProcess server = ServerProcess.StartWithStopSignalsIgnored(Production);
        await server.WaitUntilServingAsync();
        var (_, client) = await server.JoinAsync();
        await using (client)
        {
            server.Signal(signal);

            (await client.ExpectCloseAsync()).Should().Be(4108);
            (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
            server.ExitCode.Should().Be(0);
        }
    }

    /// <summary>
    /// The old host may answer for a moment after the signal: a channel it created is unknown to the new host (4106
    /// instead of the acknowledgement), or its socket is refused. Retry until the new host takes a whole join.
    /// </summary>
    private static async Task<TestClient> JoinAfterRestartAsync(ServerProcess server)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await server.WaitUntilServingAsync();
                return (await server.JoinAsync()).Client;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or Xunit.Sdk.XunitException
                && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
