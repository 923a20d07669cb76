using Microsoft.Extensions.Hosting;

namespace Sfu.Web.Hosting;

/// <summary>
/// On shutdown, before Kestrel stops: every channel closes (its sessions get 4108), then every socket still open
/// gets 1000, then the actors stop (PROTOCOL.md §3.4, §5.7).
/// </summary>
public sealed class GracefulShutdown(SfuRuntime runtime, ConnectionTracker connections, ILogger<GracefulShutdown> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        log.LogInformation("Shutting down: closing channels and {Count} sockets", connections.Count);
        await runtime.DisposeAsync().ConfigureAwait(false);
        connections.CloseAll();
    }
}
