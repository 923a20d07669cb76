using Sfu.Load.Cli;
using Sfu.Load.Run;

namespace Sfu.Load;

/// <summary>sfu-load: see <see cref="LoadOptionsParser.Help"/>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadOptions? options = LoadOptionsParser.Parse(args, out string? error);
        if (options is null)
        {
            bool help = error == LoadOptionsParser.Help;
            (help ? Console.Out : Console.Error).WriteLine(error);
            return help ? 0 : 2;
        }

        try
        {
            Task<LoadReport> run = LoadRun.ExecuteAsync(options, Console.Error);
            TimeSpan limit = RunLimit(options);
            if (await Task.WhenAny(run, Task.Delay(limit)).ConfigureAwait(false) != run)
            {
                Console.Error.WriteLine($"sfu-load: the run did not finish within {limit.TotalSeconds:F0} s (a join or a leave never completed)");
                return 3;
            }

            LoadReport report = await run.ConfigureAwait(false);
            Console.WriteLine(report.Summary());
            if (options.ReportPath is { } path)
            {
                await File.WriteAllTextAsync(path, report.ToJson()).ConfigureAwait(false);
            }

            if (options.PlotPath is { } plot)
            {
                string title = $"sfu-load scenario {report.Scenario}: {report.Participants} participants in {report.Channels} channel(s)";
                await File.WriteAllTextAsync(plot, Metrics.TimelinePlot.Svg(report.Timeline, title)).ConfigureAwait(false);
            }

            return report.Connected == report.Participants && report.PacketsForwarded > 0 ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or Signaling.SignalingException or TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine($"sfu-load: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// How long a run may take before it is given up as hung: the media time, plus for every participant far more
    /// than a join and a leave take (tens of milliseconds each), plus the settling and sampling waits.
    /// </summary>
    private static TimeSpan RunLimit(LoadOptions options) =>
        options.Duration + TimeSpan.FromSeconds(120 + (5 * options.Channels * options.ParticipantsPerChannel));
}
