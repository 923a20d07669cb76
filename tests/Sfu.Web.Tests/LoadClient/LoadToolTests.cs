using System.Text.Json;
using Sfu.Load.Cli;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.LoadClient;

/// <summary>
/// sfu-load (issue 6) against a real server: the CI smoke run that keeps the tool working, and its command line.
/// Only behaviour is asserted here; its figures are measurements, reported by the tool, never judged by a test.
/// </summary>
public sealed class LoadToolTests
{
    [Fact]
    public async Task A_short_run_connects_everyone_forwards_media_measures_joins_and_writes_its_report()
    {
        await using TestServer server = await TestServer.StartAsync(environment: new Dictionary<string, string?> { ["PUBLIC_IP"] = "127.0.0.1" });
        string report = Path.Combine(Path.GetTempPath(), $"sfu-load-{Guid.NewGuid():N}.json");
        try
        {
            int exitCode = await Sfu.Load.Program.Main([
                "--url", server.BaseAddress.ToString(), "--key", TestServer.AuthKey, "--participants", "3", "--duration", "3",
                "--server-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--steady-wait", "0", "--warm-up", "1", "--warm-up-joins", "3", "--relay", "--quiet", "--report", report,
            ]);

            exitCode.Should().Be(0, "everyone connected and media was forwarded");
            using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            JsonElement root = json.RootElement;
            root.GetProperty("connected").GetInt32().Should().Be(3);
            root.GetProperty("publishers").GetInt32().Should().Be(3);
            root.GetProperty("packetsForwarded").GetInt64().Should().BePositive();
            root.GetProperty("forwardedBitsPerSecond").GetDouble().Should().BePositive();
            root.GetProperty("warmUpSeconds").GetDouble().Should().Be(1);
            root.GetProperty("joinsMeasured").GetInt32().Should().Be(2,
                "the second and third joined while the first was sending; the warm-up pass's joins are not measured");
            root.GetProperty("joinsIncomplete").GetInt32().Should().Be(0);
            root.GetProperty("serverCores").GetDouble().Should().BePositive();
            root.GetProperty("serverResidentBytes").GetInt64().Should().BePositive();
            root.GetProperty("serverPrivateBytes").GetInt64().Should().BePositive();
            root.GetProperty("relay").GetProperty("forwardedPacketsPerSecond").GetDouble().Should().BePositive();
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public void Help_documents_every_option_the_parser_accepts()
    {
        LoadOptionsParser.Parse(["--help"], out string? help).Should().BeNull();
        help.Should().Be(LoadOptionsParser.Help);
        string[] options = ["--url", "--key", "--scenario", "--channels", "--participants", "--publishers", "--duration",
            "--no-simulcast", "--churn-stay", "--server-pid", "--steady-wait", "--warm-up", "--warm-up-joins", "--relay", "--report", "--quiet", "--plot"];
        options.Should().OnlyContain(option => help!.Contains(option));
    }

    [Theory]
    [InlineData(new[] { "--participants", "3" }, "--key is required")]
    [InlineData(new[] { "--key", "k", "--participants", "0" }, "--participants takes a positive whole number")]
    [InlineData(new[] { "--key", "k", "--scenario", "z" }, "--scenario takes a, b, c or d")]
    [InlineData(new[] { "--key", "k", "--duration" }, "--duration needs a value")]
    [InlineData(new[] { "--key", "k", "--frobnicate" }, "unknown option --frobnicate")]
    [InlineData(new[] { "--key", "k", "--steady-wait", "-1" }, "--steady-wait takes a number of seconds, 0 or more")]
    [InlineData(new[] { "--key", "k", "--warm-up", "soon" }, "--warm-up takes a number of seconds, 0 or more")]
    public void A_wrong_command_line_is_refused_with_a_clear_message(string[] args, string message)
    {
        LoadOptionsParser.Parse(args, out string? error).Should().BeNull();
        error.Should().Contain(message);
    }

    [Fact]
    public void Memory_samples_wait_20_s_at_most_for_steady_memory_unless_told_otherwise_and_0_means_no_wait()
    {
        LoadOptionsParser.Parse(["--key", "k"], out _)!.SteadyWait.Should().Be(TimeSpan.FromSeconds(20));
        LoadOptionsParser.Parse(["--key", "k", "--steady-wait", "0"], out _)!.SteadyWait.Should().Be(TimeSpan.Zero);
        LoadOptionsParser.Parse(["--key", "k", "--steady-wait", "7.5"], out _)!.SteadyWait.Should().Be(TimeSpan.FromSeconds(7.5));
    }

    [Fact]
    public void A_warm_up_pass_of_5_s_and_64_joins_comes_first_unless_told_otherwise_and_0_skips_it()
    {
        LoadOptionsParser.Parse(["--key", "k"], out _)!.WarmUp.Should().Be(TimeSpan.FromSeconds(5));
        LoadOptionsParser.Parse(["--key", "k", "--warm-up", "0"], out _)!.WarmUp.Should().Be(TimeSpan.Zero);
        LoadOptionsParser.Parse(["--key", "k", "--warm-up", "12"], out _)!.WarmUp.Should().Be(TimeSpan.FromSeconds(12));
        LoadOptionsParser.Parse(["--key", "k"], out _)!.WarmUpJoins.Should().Be(64);
        LoadOptionsParser.Parse(["--key", "k", "--warm-up-joins", "10"], out _)!.WarmUpJoins.Should().Be(10);
    }

    [Theory]
    [InlineData("a", 1, 10, 10)]
    [InlineData("b", 1, 201, 1)]
    [InlineData("c", 20, 5, 5)]
    public void A_scenario_sets_its_channels_participants_and_publishers(string scenario, int channels, int participants, int publishers)
    {
        LoadOptions options = LoadOptionsParser.Parse(["--key", "k", "--scenario", scenario], out _)!;

        options.Channels.Should().Be(channels);
        options.ParticipantsPerChannel.Should().Be(participants);
        options.PublishersPerChannel.Should().Be(publishers);
    }
}
