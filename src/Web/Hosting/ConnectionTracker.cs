using System.Collections.Concurrent;
using Sfu.Actors.Sessions;
using Sfu.Web.Signaling;

namespace Sfu.Web.Hosting;

/// <summary>The open client buses, so that a shutdown can close every remaining socket with 1000 (§3.4).</summary>
public sealed class ConnectionTracker
{
    private readonly ConcurrentDictionary<WebSocketClientBus, byte> _open = new();

    public int Count => _open.Count;

    public void Add(WebSocketClientBus bus) => _open.TryAdd(bus, 0);

    public void Remove(WebSocketClientBus bus) => _open.TryRemove(bus, out _);

    public void CloseAll()
    {
        foreach (WebSocketClientBus bus in _open.Keys)
        {
            bus.Close(CloseCodes.Clean);
        }
    }
}
