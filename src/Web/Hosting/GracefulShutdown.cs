using Microsoft.Extensions.Hosting;

namespace Sfu.Web.Hosting;

/// <summary>
/// On shutdown, before Kestrel stops accepting and waits for its connections: every channel closes (its sessions
/// get 4108), then every socket still open gets 1000, then the actors stop (PROTOCOL.md §3.4, §5.7).
/// It runs in the "stopping" phase, which comes before any service's StopAsync.
/// </summary>
public sealed class GracefulShutdown(SfuRuntime runtime, ConnectionTracker connections, ILogger<GracefulShutdown> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private int _stopping;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // The host is stopped once by the signal and once more when the server is disposed; close only once.
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            return;
        }

        log.LogInformation("Shutting down: closing channels and {Count} sockets", connections.Count);
        await runtime.DisposeAsync().ConfigureAwait(false);
        connections.CloseAll();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
