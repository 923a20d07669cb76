using Serilog.Core;
using Sfu.Actors.Channels;
using Sfu.Actors.Configuration;

namespace Sfu.Web.Hosting;

/// <summary>
/// The process: load and validate the settings, start the server, obey the operator signals, and start again
/// after a restart signal (re-reading the configuration, as upstream re-reads its key).
/// </summary>
public static class SfuProgram
{
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        bool development = args.Contains("--development");
        var env = new Dictionary<string, string?>(environment);
        while (true)
        {
            SfuSettings settings;
            try
            {
                settings = StartupSettings.Load(env, development, Console.Out);
            }
            catch (SettingsException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            using Logger logger = SfuLogging.CreateLogger(settings.Logging);
            using ILoggerFactory loggerFactory = SfuLogging.CreateFactory(logger);
            ILogger log = loggerFactory.CreateLogger("Sfu");
            SfuServer server;
            try
            {
                server = await SfuServer.StartAsync(settings, loggerFactory).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"Cannot listen on {settings.Http.Interface}:{settings.Http.Port}: {e.Message}").ConfigureAwait(false);
                return 3;
            }

            await using (server.ConfigureAwait(false))
            {
                StartupSettings.PrintBanner(settings, server.BaseAddress, Console.Out);
                bool restart = false;
                using var signals = new ProcessSignals(
                    restart: () =>
                    {
                        log.LogWarning("Restart requested (SIGFPE)");
                        restart = true;
                        _ = server.StopAsync();
                    },
                    softReset: () => _ = SoftResetAsync(server, log),
                    dumpStatistics: () => _ = DumpStatisticsAsync(server, log));
                await server.WaitForShutdownAsync().ConfigureAwait(false);
                if (!restart)
                {
                    return 0;
                }
            }
        }
    }

    private static async Task SoftResetAsync(SfuServer server, ILogger log)
    {
        AllChannelsClosed closed = await server.Runtime.CloseAllChannelsAsync().ConfigureAwait(false);
        log.LogWarning("Soft reset (SIGALRM): closed {Count} channels", closed.Count);
    }

    private static async Task DumpStatisticsAsync(SfuServer server, ILogger log)
    {
        ServerStats stats = await server.Runtime.GetStatsAsync().ConfigureAwait(false);
        long total = 0;
        foreach (ChannelStats channel in stats.Channels)
        {
            total += channel.TotalBitrate;
            log.LogInformation(
                "Channel {Channel}: {Sessions} sessions, incoming audio {Audio} bit/s, camera {Camera} bit/s, screen {Screen} bit/s, total {Total} bit/s",
                channel.Uuid, channel.SessionCount, channel.AudioBitrate, channel.CameraBitrate, channel.ScreenBitrate, channel.TotalBitrate);
        }

        foreach (ChannelStats channel in stats.Unresponsive)
        {
            log.LogWarning("Channel {Channel} did not answer the statistics request in time", channel.Uuid);
        }

        log.LogInformation("{Count} channels, total incoming {Total} bit/s", stats.Channels.Count, total);
    }
}
