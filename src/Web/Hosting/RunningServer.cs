using Sfu.Actors.Channels;

namespace Sfu.Web.Hosting;

/// <summary>
/// What the operator signals act on (PROTOCOL.md §5.7): the server of the moment. Between servers (starting, or
/// restarting after SIGFPE) there is none, and a signal is ignored with a line on standard error rather than
/// taking the process down. The handlers run on the runtime's signal thread; what they start runs on its own, and
/// a failure of it is logged, never lost.
/// </summary>
internal sealed class RunningServer
{
    private readonly object gate = new();
    private SfuServer? server;
    private ILogger? log;
    private bool restartRequested;

    public void Attach(SfuServer current, ILogger currentLog)
    {
        lock (gate)
        {
            server = current;
            log = currentLog;
            restartRequested = false;
        }
    }

    /// <summary>Forgets the server once it stopped; true when it stopped because a restart was asked for.</summary>
    public bool Detach()
    {
        lock (gate)
        {
            server = null;
            log = null;
            return restartRequested;
        }
    }

    /// <summary>SIGFPE: stop the server; <see cref="SfuProgram"/> then starts a new one with the settings re-read.</summary>
    public void RequestRestart()
    {
        if (Current("SIGFPE") is not (SfuServer current, ILogger currentLog))
        {
            return;
        }

        lock (gate)
        {
            restartRequested = true;
        }

        currentLog.LogWarning("Restart requested (SIGFPE)");
        Observe(current.StopAsync(), currentLog, "restart");
    }

    /// <summary>SIGALRM: close every channel and keep serving.</summary>
    public void SoftReset()
    {
        if (Current("SIGALRM") is (SfuServer current, ILogger currentLog))
        {
            Observe(SoftResetAsync(current, currentLog), currentLog, "soft reset");
        }
    }

    /// <summary>SIGIO: log every channel's sessions and incoming bitrates.</summary>
    public void DumpStatistics()
    {
        if (Current("SIGIO") is (SfuServer current, ILogger currentLog))
        {
            Observe(DumpStatisticsAsync(current, currentLog), currentLog, "statistics");
        }
    }

    private (SfuServer Server, ILogger Log)? Current(string signal)
    {
        lock (gate)
        {
            if (server is not null && log is not null)
            {
                return (server, log);
            }
        }

        Console.Error.WriteLine($"{signal} ignored: no server is running at this moment (starting or restarting)");
        return null;
    }

    private static async void Observe(Task work, ILogger log, string what)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.LogError(e, "The {What} asked for by a signal failed", what);
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
