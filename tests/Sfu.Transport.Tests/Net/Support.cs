using System.Net;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

internal static class Support
{
    /// <summary>A worker on 127.0.0.1 in a range of its own; random picks avoid clashes with parallel tests.</summary>
    public static MediaWorkerSettings LoopbackWorker { get; } = new()
    {
        ListenAddress = IPAddress.Loopback,
        AnnouncedAddress = "127.0.0.1",
        MinPort = 45000,
        MaxPort = 46999,
    };

    /// <summary>Waits for another thread to make a condition true; the deadline only guards against a hang.</summary>
    public static async Task EventuallyAsync(Func<bool> condition)
    {
        DateTime guard = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > guard)
            {
                throw new Xunit.Sdk.XunitException("The condition still does not hold after the guard period.");
            }

            await Task.Delay(5);
        }
    }
}

/// <summary>A posted item that runs an action.</summary>
internal sealed class ActionItem(Action action) : IThreadPoolWorkItem
{
    public void Execute() => action();
}
