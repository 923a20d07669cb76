using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sfu.Actors.Auth;
using Sfu.Actors.Configuration;
using Sfu.Web.Api;
using Sfu.Web.Signaling;

namespace Sfu.Web.Hosting;

/// <summary>
/// One run of the server: Kestrel on HTTP_INTERFACE:PORT serving the API and the WebSocket signaling, and the
/// actor system behind them. The program starts one per run (a restart builds a new one); tests start one on an
/// ephemeral loopback port.
/// </summary>
public sealed class SfuServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SfuServer(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:8070.</summary>
    public Uri BaseAddress { get; }

    public SfuRuntime Runtime => _app.Services.GetRequiredService<SfuRuntime>();

    public IServiceProvider Services => _app.Services;

    /// <summary>Completes when the host has stopped (shutdown or restart request).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public static async Task<SfuServer> StartAsync(SfuSettings settings, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(sp => new SfuRuntime(settings, loggerFactory, time));
        builder.Services.AddSingleton(new ServerKeys(LenientBase64.Decode(settings.Auth.Key ?? string.Empty), time));
        builder.Services.AddSingleton<ConnectionTracker>();
        builder.Services.AddSingleton<SignalingEndpoint>();
        builder.Services.AddSingleton<ClientBundle>();
        builder.Services.AddSingleton<Sfu.Web.Demo.DemoEndpoints>();
        builder.Services.AddSingleton<Sfu.Web.Beep.BeepConversations>();
        builder.Services.AddSingleton(sp => new Sfu.Web.Beep.PermissionsClient(new HttpClient(), settings,
            sp.GetRequiredService<ILogger<Sfu.Web.Beep.PermissionsClient>>()));
        builder.Services.AddSingleton<Sfu.Web.Beep.BeepEndpoints>();
        builder.Services.AddSingleton<Sfu.Web.Sdp.SdpResources>();
        builder.Services.AddSingleton<Sfu.Web.Sdp.SdpEndpoints>();
        builder.Services.AddSingleton<HttpApi>();
        builder.Services.AddHostedService<GracefulShutdown>();
        builder.Services.AddHostedService<MemoryRelease>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.Limits.MaxHttpBodyBytes;
            kestrel.Listen(ListenAddress.Parse(settings.Http.Interface), settings.Http.Port);
            if (settings.Beep is { Enabled: true, Listen: { } beep })
            {
                kestrel.Listen(beep.Host.Length == 0 ? System.Net.IPAddress.IPv6Any : ListenAddress.Parse(beep.Host), beep.Port);
            }
        });

        WebApplication app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        HttpApi api = app.Services.GetRequiredService<HttpApi>();
        app.Run(api.InvokeAsync);
        await app.StartAsync().ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SfuServer(app, new Uri(address));
    }

    public async Task StopAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
