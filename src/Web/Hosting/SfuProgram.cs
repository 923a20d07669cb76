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
        // The handlers are in place before the first server listens and stay across restarts: an operator signal
        // that arrived before them would take the process down (their default action is to terminate).
        var running = new RunningServer();
        using var signals = new ProcessSignals(running.RequestRestart, running.SoftReset, running.DumpStatistics);
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
                running.Attach(server, log);
                await server.WaitForShutdownAsync().ConfigureAwait(false);
                if (!running.Detach())
                {
                    return 0;
                }
            }
        }
    }
}
