using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Actors.Configuration;
using Sfu.Actors.Media;

namespace Sfu.Actors.Tests.Media;

/// <summary>
/// A real media plane for actor tests: media workers with their threads and sockets on 127.0.0.1, and the plane that
/// places routers on them, configured from the reference settings.
/// </summary>
public sealed class MediaPlaneFixture : IDisposable
{
    private MediaPlaneFixture(SfuSettings settings)
    {
        Settings = settings;
        Pool = new MediaWorkerPool(settings.Rtc, NullLoggerFactory.Instance);
        Plane = new MediaPlane(Pool, settings.Media);
    }

    public SfuSettings Settings { get; }

    public MediaWorkerPool Pool { get; }

    public MediaPlane Plane { get; }

    public static MediaPlaneFixture Start(int workers)
    {
        var env = new Dictionary<string, string?>
        {
            ["AUTH_KEY"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            ["PUBLIC_IP"] = "127.0.0.1",
            ["RTC_INTERFACE"] = "127.0.0.1",
            ["NUM_WORKERS"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new MediaPlaneFixture(SfuSettings.Load(env, null));
    }

    public void Dispose() => Pool.Dispose();
}
