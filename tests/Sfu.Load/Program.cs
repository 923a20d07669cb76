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
            LoadReport report = await LoadRun.ExecuteAsync(options, Console.Error).ConfigureAwait(false);
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
}
