using Sfu.Actors.Channels;
using Sfu.Actors.Configuration;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;

namespace Sfu.Web.Hosting;

/// <summary>
/// The actor system of one server run, its channel registry and its media workers, as the HTTP and WebSocket
/// endpoints reach them. Disposing closes every channel (4108), terminates the actors, then stops the workers.
/// </summary>
public sealed class SfuRuntime : IAsyncDisposable
{
    private int _disposed;

    public SfuRuntime(SfuSettings settings, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Settings = settings;
        System = ActorSystem.Create("sfu", new ActorSystemOptions { TimeProvider = time, LoggerFactory = loggerFactory });
        Media = new MediaWorkerPool(settings.Rtc, loggerFactory);
        var mediaPlane = new MediaPlane(Media, settings.Media);
        Registry = System.ActorOf(Props.Create(() => new ChannelRegistry(settings.Channel, settings.Signaling, mediaPlane)), "channels");
    }

    public SfuSettings Settings { get; }

    public ActorSystem System { get; }

    public IActorRef Registry { get; }

    public MediaWorkerPool Media { get; }

    /// <summary>The soft reset: closes every channel, keeps serving (upstream SIGALRM).</summary>
    public Task<AllChannelsClosed> CloseAllChannelsAsync() =>
        Registry.Ask<AllChannelsClosed>(CloseAllChannels.Instance, Settings.Signaling.RequestTimeout * 4);

    public Task<ServerStats> GetStatsAsync() =>
        Registry.Ask<ServerStats>(GetServerStats.Instance, Settings.Signaling.StatsTimeout * 2);

    public async ValueTask DisposeAsync()
    {
        // Called by the graceful shutdown and again when the host disposes its services.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await CloseAllChannelsAsync().ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // Channels that did not close in time are stopped with the system below.
        }

        await System.Terminate().ConfigureAwait(false);
        System.Dispose();
        Media.Dispose();
    }
}
