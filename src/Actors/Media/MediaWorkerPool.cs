using System.Net;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Configuration;
using Sfu.Actors.Runtime;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Media;

/// <summary>
/// The media plane of the process (DESIGN.md): NUM_WORKERS workers, each with one UDP socket and one TCP listener on a
/// port of RTC_MIN_PORT..RTC_MAX_PORT bound to RTC_INTERFACE and announced as PUBLIC_IP; one DTLS certificate for
/// the process (R68) and one bounded pool for the blocking DTLS handshakes. A worker whose thread dies is replaced
/// (Deliver 7): its routers are told it is lost, and new routers go to the workers that run.
/// </summary>
public sealed class MediaWorkerPool : IDisposable
{
    private readonly MediaWorker[] _workers;
    private readonly DtlsHandshakePool _handshakes;
    private readonly Lock _placementLock = new();
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly MediaWorkerSettings _socketSettings;
    private bool _disposed;

    public MediaWorkerPool(RtcSettings rtc, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(rtc);
        _time = time ?? TimeProvider.System;
        _log = loggerFactory.CreateLogger("Sfu.Media");
        Certificate = DtlsCertificate.Generate(_time);
        _handshakes = new DtlsHandshakePool();
        TransportOptions = new WebRtcTransportOptions(Certificate) { HandshakePool = _handshakes, DtlsTime = _time };
        _socketSettings = new MediaWorkerSettings
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
                _workers[i] = CreateWorker(i);
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
            MediaWorker? best = null;
            foreach (MediaWorker worker in _workers)
            {
                if (!worker.IsLost && (best is null || worker.RouterCount < best.RouterCount))
                {
                    best = worker;
                }
            }

            if (best is null)
            {
                throw new InvalidOperationException("No media worker is running: every one died and none could be replaced.");
            }

            best.RouterStarted();
            return new RouterPlacement(best);
        }
    }

    public void Dispose()
    {
        lock (_placementLock)
        {
            _disposed = true;
        }

        foreach (MediaWorker? worker in _workers ?? [])
        {
            worker?.Dispose();
        }

        _handshakes?.Dispose();
    }

    /// <summary>
    /// What a stopped worker will never run. Actors placed on it still need their mailboxes run, if only to stop, so
    /// those go to the thread pool. Anything else (a transport's DTLS send, a timer's follow-up) belongs to the dead
    /// worker's thread and sockets: run elsewhere it would fail its owner-thread check and crash the process, and its
    /// sockets are closed anyway, so it is dropped.
    /// </summary>
    private static void RunOrphanedMailbox(IThreadPoolWorkItem item)
    {
        if (item is Mailbox)
        {
            ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
        }
    }

    private MediaWorker CreateWorker(int index)
    {
        var options = new MediaWorkerLoopOptions
        {
            Name = $"media-worker-{index}",
            Time = _time,
            OnError = e => _log.LogError(e, "Media worker {Worker}: an exception escaped a handler", index),
            OnFailed = e => ReplaceWorker(index, e),
            OrphanedItems = RunOrphanedMailbox,
        };
        var worker = new MediaWorker(index, new MediaWorkerLoop(options, _socketSettings));
        _log.LogInformation("Media worker {Worker} on port {Port} (UDP and TCP)", index, worker.Loop.WorkerSocket?.Port);
        return worker;
    }

    /// <summary>
    /// A worker's thread died (on that thread, its sockets closed): a new worker takes its place, then the routers of
    /// the dead one hear that it is lost, so that their channels close their sessions with 1011 (the clients
    /// reconnect) and place fresh routers on live workers.
    /// </summary>
    private void ReplaceWorker(int index, Exception cause)
    {
        MediaWorker dead;
        lock (_placementLock)
        {
            dead = _workers[index];
            if (_disposed || dead.Loop.IsRunning)
            {
                return;
            }

            _log.LogCritical(cause, "Media worker {Worker} died with {Routers} routers; replacing it", index, dead.RouterCount);
            try
            {
                _workers[index] = CreateWorker(index);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                _log.LogCritical(e, "Media worker {Worker} could not be replaced: no free port; running with one worker less", index);
            }
        }

        dead.MarkLost();
    }
}
