using System.Globalization;
using System.Text.RegularExpressions;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Process;

/// <summary>
/// What the server writes to stdout (issue 2 §4; PROTOCOL.md §5.9): LOG_LEVEL filters, LOG_TIMESTAMP and LOG_COLOR
/// shape the lines, and every line about a session names its channel and session.
/// </summary>
public sealed class LoggingProcessTests
{
    private const string TimestampPattern = @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z";

    [Fact]
    public async Task A_session_line_names_its_channel_and_session_after_a_UTC_timestamp_and_the_level()
    {
        // A zone far from UTC: a local time printed with a Z would be hours off.
        await using ServerProcess server = await StartAsync(new() { ["LOG_LEVEL"] = "info", ["TZ"] = "Asia/Tokyo" });
        var (channel, client) = await server.JoinAsync();
        await using (client)
        {
            string line = await LineContainingAsync(server, $"channel {channel} session 1 joined");

            Match match = Regex.Match(line, $"^({TimestampPattern}) \\[INF\\] ");
            match.Success.Should().BeTrue($"the line starts with a timestamp and the level: {line}");
            DateTime stamp = DateTime.ParseExact(match.Groups[1].Value, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            stamp.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromHours(1), "the timestamp is UTC, whatever the machine's zone");
        }
    }

    [Fact]
    public async Task LOG_TIMESTAMP_off_starts_each_line_with_its_level()
    {
        await using ServerProcess server = await StartAsync(new() { ["LOG_LEVEL"] = "info", ["LOG_TIMESTAMP"] = "false" });
        var (channel, client) = await server.JoinAsync();
        await using (client)
        {
            string line = await LineContainingAsync(server, $"channel {channel} session 1 joined");

            line.Should().StartWith("[INF] ");
            server.Output.Should().NotMatchRegex(TimestampPattern);
        }
    }

    [Fact]
    public async Task LOG_LEVEL_warn_writes_warnings_and_drops_information()
    {
        await using ServerProcess server = await StartAsync(new() { ["LOG_LEVEL"] = "warn" });
        var (channel, client) = await server.JoinAsync();
        await using (client)
        {
            await client.SendMessageAsync("NO_SUCH_MESSAGE", new { });

            string line = await LineContainingAsync(server, $"channel {channel} session 1 sent the unknown message NO_SUCH_MESSAGE");

            line.Should().MatchRegex($"^{TimestampPattern} \\[WRN\\] ");
            // The join was logged (at info) before the warning, by the same session: it would be above it.
            server.Output.Should().NotContain("joined").And.NotContain("[INF]");
        }
    }

    [Fact]
    public async Task The_default_level_error_writes_errors_and_drops_warnings()
    {
        await using ServerProcess server = await StartAsync([]);
        var (channel, client) = await server.JoinAsync();
        await using (client)
        {
            await client.SendMessageAsync("NO_SUCH_MESSAGE", new { });
            // Each INIT_PRODUCER in a channel without media is a warning and counts as an error; the 7th closes (1011).
            for (int i = 0; i < 7; i++)
            {
                await client.SendRequestAsync($"c_{i}", "INIT_PRODUCER", new { type = "audio", kind = "audio", rtpParameters = new { } });
            }

            (await client.ExpectCloseAsync()).Should().Be(1011);
            string line = await LineContainingAsync(server, $"channel {channel} session 1 reached 7 errors");

            line.Should().MatchRegex($"^{TimestampPattern} \\[ERR\\] ");
            server.Output.Should().NotContain("unknown message").And.NotContain("asked to produce").And.NotContain("[WRN]");
        }
    }

    [Fact]
    public async Task LOG_COLOR_set_colours_the_lines_even_when_stdout_is_not_a_terminal()
    {
        await using ServerProcess server = await StartAsync(new() { ["LOG_LEVEL"] = "info", ["LOG_COLOR"] = "1" });
        var (channel, client) = await server.JoinAsync();
        await using (client)
        {
            string line = await LineContainingAsync(server, "joined");

            line.Should().Contain("\u001b[");
            line.Should().Contain(channel);
        }
    }

    private static async Task<ServerProcess> StartAsync(Dictionary<string, string?> environment)
    {
        environment["AUTH_KEY"] = TestServer.AuthKey;
        environment["PUBLIC_IP"] = "127.0.0.1";
        ServerProcess server = ServerProcess.Start(environment);
        await server.WaitUntilServingAsync();
        return server;
    }

    private static async Task<string> LineContainingAsync(ServerProcess server, string text)
    {
        await ServerProcess.WaitForAsync(() => server.Output.Contains(text, StringComparison.Ordinal));
        return server.Output.Split('\n').First(l => l.Contains(text, StringComparison.Ordinal)).TrimEnd('\r');
    }
}
