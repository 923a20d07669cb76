using System.Net;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Configuration;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Media;

/// <summary>
/// The media plane of the process (DESIGN.md): NUM_WORKERS workers, each with one UDP socket and one TCP listener on a
/// port of RTC_MIN_PORT..RTC_MAX_PORT bound to RTC_INTERFACE and announced as PUBLIC_IP; one DTLS certificate for
/// the process (R68) and one bounded pool for the blocking DTLS handshakes.
/// </summary>
public sealed class MediaWorkerPool : IDisposable
{
    private readonly MediaWorker[] _workers;
    private readonly DtlsHandshakePool _handshakes;
    private readonly Lock _placementLock = new();

    public MediaWorkerPool(RtcSettings rtc, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        time ??= TimeProvider.System;
        ILogger log = loggerFactory.CreateLogger("Sfu.Media");
        Certificate = DtlsCertificate.Generate(time);
        _handshakes = new DtlsHandshakePool();
        TransportOptions = new WebRtcTransportOptions(Certificate) { HandshakePool = _handshakes, DtlsTime = time };
        var socketSettings = new MediaWorkerSettings
        {
            ListenAddress = IPAddress.Parse(rtc.Interface),
            AnnouncedAddress = rtc.PublicIp ?? rtc.Interface,
            MinPort = rtc.MinPort,
            MaxPort = rtc.MaxPort,
        };
        _workers = new MediaWorker[rtc.NumWorkers];
        try
        {
            for (int i = 0; i < _workers.Length; i++)
            {
                var options = new MediaWorkerLoopOptions
                {
                    Name = $"media-worker-{i}",
                    Time = time,
                    OnError = e => log.LogError(e, "Media worker {Worker}: an exception escaped a handler", i),
                };
                _workers[i] = new MediaWorker(i, new MediaWorkerLoop(options, socketSettings));
                log.LogInformation("Media worker {Worker} on port {Port} (UDP and TCP)", i, _workers[i].Loop.WorkerSocket?.Port);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DtlsCertificate Certificate { get; }

    public WebRtcTransportOptions TransportOptions { get; }

    public IReadOnlyList<MediaWorker> Workers => _workers;

    /// <summary>
    /// Places a new router on the worker with the fewest routers (the first of them on a tie) and counts it there at
    /// once. Choosing and counting happen under one lock, so that channels created at the same moment spread out.
    /// </summary>
    public RouterPlacement PlaceRouter()
    {
        lock (_placementLock)
        {
            MediaWorker best = _workers[0];
            foreach (MediaWorker worker in _workers)
            {
                if (worker.RouterCount < best.RouterCount)
                {
                    best = worker;
                }
            }

            best.RouterStarted();
            return new RouterPlacement(best);
        }
    }

    public void Dispose()
    {
        foreach (MediaWorker? worker in _workers ?? [])
        {
            worker?.Dispose();
        }

        _handshakes?.Dispose();
    }
}
