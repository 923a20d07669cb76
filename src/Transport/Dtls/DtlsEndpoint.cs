using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;
using BcDtlsTransport = Org.BouncyCastle.Crypto.Tls.DtlsTransport;

namespace Sfu.Transport.Dtls;

/// <summary>
/// One DTLS-SRTP association with one peer, in either role. The socket layer pushes datagrams with
/// <see cref="OnDatagram"/> and receives ours through the send callback; <see cref="Completion"/> yields the SRTP
/// keys or the reason of failure.
/// <para>
/// Threads: the handshake runs on a <see cref="DtlsHandshakePool"/> thread, queued by <see cref="Start"/> in the
/// client role and by the first datagram in the server role, so a server waiting for a ClientHello holds no thread.
/// After the handshake, datagrams are handled on demand by a short work item on the .NET thread pool (at most one
/// per endpoint at a time): a retransmitted final flight from the peer makes BouncyCastle resend ours
/// (RFC 6347 §4.2.4), close_notify closes the endpoint, application data is discarded. No thread waits on an
/// established association. All public members are safe to call from any thread.
/// </para>
/// </summary>
public sealed class DtlsEndpoint : IDisposable
{
    /// <summary>How long a post-handshake drain waits for a further datagram before returning its thread.</summary>
    private const int DrainWaitMillis = 1;

    private readonly DtlsHandshakeContext _context;
    private readonly DtlsHandshakePool _pool;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<DtlsResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DtlsState> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;
    private int _handshakeQueued;
    private int _drainScheduled;
    private int _closeRequested;
    private ITimer? _handshakeTimer;
    private long _startedAt;
    private BcDtlsTransport? _association;

    // Touched only by the drain work item, which never runs twice at once.
    private byte[]? _drainBuffer;
    private bool _closeNotifySent;

    /// <param name="role">Our DTLS role (PROTOCOL.md §7.1: the server for browsers).</param>
    /// <param name="certificate">Our certificate, whose fingerprint the peer received in the signaling.</param>
    /// <param name="expectedRemoteFingerprint">The peer's fingerprint from the signaling; its algorithm is used to check.</param>
    /// <param name="send">Sends one datagram to the peer; called from pool threads, must be thread-safe.</param>
    /// <param name="options">Profiles, timeout and queue size; <see cref="DtlsOptions.Default"/> when null.</param>
    /// <param name="pool">Where handshakes run; <see cref="DtlsHandshakePool.Shared"/> when null.</param>
    /// <param name="time">Clock for the handshake timeout.</param>
    public DtlsEndpoint(
        DtlsRole role,
        DtlsCertificate certificate,
        DtlsFingerprint expectedRemoteFingerprint,
        Action<ReadOnlySpan<byte>> send,
        DtlsOptions? options = null,
        DtlsHandshakePool? pool = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(expectedRemoteFingerprint);
        ArgumentNullException.ThrowIfNull(send);
        options ??= DtlsOptions.Default;
        options.Validate();

        _context = new DtlsHandshakeContext(role, certificate, expectedRemoteFingerprint, options);
        _pool = pool ?? DtlsHandshakePool.Shared;
        _time = time ?? TimeProvider.System;
        Transport = new DtlsTransport(role, send, options.ReceiveQueueCapacity);
    }

    public DtlsRole Role => _context.Role;

    public DtlsState State => (DtlsState)Volatile.Read(ref _state);

    /// <summary>The datagram bridge, for its counters.</summary>
    public DtlsTransport Transport { get; }

    /// <summary>Completes once when the handshake succeeds or fails; never faults.</summary>
    public Task<DtlsResult> Completion => _completion.Task;

    /// <summary>Completes with <see cref="DtlsState.Failed"/> or <see cref="DtlsState.Closed"/> when the endpoint ends.</summary>
    public Task<DtlsState> Ended => _ended.Task;

    /// <summary>
    /// Starts the handshake clock. As client, queues the handshake (we speak first); as server, waits for the
    /// first datagram (or uses one that already arrived). Call once; after <see cref="Close"/> it does nothing.
    /// </summary>
    public void Start()
    {
        if (!TryTransition(DtlsState.New, DtlsState.Connecting))
        {
            if (State is DtlsState.Closed)
            {
                return;
            }

            throw new InvalidOperationException($"Start called in state {State}.");
        }

        _startedAt = _time.GetTimestamp();
        _handshakeTimer = _time.CreateTimer(static self => ((DtlsEndpoint)self!).OnHandshakeTimeout(), this,
            _context.Options.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        if (State != DtlsState.Connecting)
        {
            // Closed between the transition and the timer's creation.
            _handshakeTimer.Dispose();
            return;
        }

        if (Role == DtlsRole.Client || Transport.PendingDatagrams > 0)
        {
            QueueHandshake();
        }
    }

    /// <summary>Takes a datagram from the peer (socket thread). Never throws; garbage is counted and dropped.</summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (State is DtlsState.Failed or DtlsState.Closed || !Transport.OnDatagram(datagram))
        {
            return;
        }

        // Read the state after queueing: whoever changes it next also looks at the queue (see the success path).
        switch (State)
        {
            case DtlsState.Connecting when Role == DtlsRole.Server:
                QueueHandshake();
                break;
            case DtlsState.Connected:
                ScheduleDrain();
                break;
        }
    }

    /// <summary>
    /// Ends the association: before completion the handshake is abandoned (<see cref="DtlsFailure.Closed"/>);
    /// once connected, close_notify is sent (RFC 5246 §7.2.1). Idempotent.
    /// </summary>
    public void Close()
    {
        while (true)
        {
            DtlsState state = State;
            switch (state)
            {
                case DtlsState.New or DtlsState.Connecting:
                    if (TryTransition(state, DtlsState.Closed))
                    {
                        _completion.TrySetResult(DtlsResult.Failed(DtlsFailure.Closed, "Closed before the handshake completed."));
                        Transport.Abort();
                        return;
                    }

                    break;
                case DtlsState.Connected:
                    if (TryTransition(state, DtlsState.Closed))
                    {
                        Volatile.Write(ref _closeRequested, 1);
                        ScheduleDrain();
                        return;
                    }

                    break;
                default:
                    return;
            }
        }
    }

    public void Dispose() => Close();

    private void QueueHandshake()
    {
        if (Interlocked.Exchange(ref _handshakeQueued, 1) == 0 && !_pool.TryEnqueue(RunHandshake))
        {
            FailHandshake(DtlsResult.Failed(DtlsFailure.ProtocolError, "The handshake pool is disposed."));
        }
    }

    private void RunHandshake()
    {
        if (State != DtlsState.Connecting)
        {
            // Timed out or closed while waiting for a pool thread.
            return;
        }

        BcDtlsTransport association;
        try
        {
            var random = new SecureRandom();
            association = Role == DtlsRole.Server
                ? new DtlsServerProtocol(random).Accept(new SrtpDtlsServer(_context), Transport)
                : new DtlsClientProtocol(random).Connect(new SrtpDtlsClient(_context), Transport);
            // The server's final flight (ChangeCipherSpec, Finished) is written just before Accept returns.
            Transport.Flush();
        }
        catch (Exception error)
        {
            FailHandshake(DescribeFailure(error));
            return;
        }

        OnHandshakeSucceeded(association);
    }

    private void OnHandshakeSucceeded(BcDtlsTransport association)
    {
        if (_context.Keys is not { } keys || _context.PeerFingerprint is not { } peerFingerprint)
        {
            association.Close();
            FailHandshake(DtlsResult.Failed(DtlsFailure.ProtocolError, "The handshake completed without keys or peer certificate."));
            return;
        }

        // Published before the state so that a drain scheduled by a racing OnDatagram finds it.
        Volatile.Write(ref _association, association);
        if (!TryTransition(DtlsState.Connecting, DtlsState.Connected))
        {
            // Timed out or closed while BouncyCastle was finishing: the peer may think it is connected, tell it.
            association.Close();
            return;
        }

        _handshakeTimer?.Dispose();
        _completion.TrySetResult(DtlsResult.Success(keys, peerFingerprint));
        if (Transport.PendingDatagrams > 0)
        {
            ScheduleDrain();
        }
    }

    private void FailHandshake(DtlsResult result)
    {
        DtlsState terminal = result.Failure == DtlsFailure.Closed ? DtlsState.Closed : DtlsState.Failed;
        if (TryTransition(DtlsState.Connecting, terminal))
        {
            _completion.TrySetResult(result);
            Transport.Abort();
        }
    }

    private void OnHandshakeTimeout() => FailHandshake(TimeoutResult());

    private DtlsResult TimeoutResult() =>
        DtlsResult.Failed(DtlsFailure.Timeout, $"No handshake within {_context.Options.HandshakeTimeout.TotalSeconds:0.###} s.");

    private DtlsResult DescribeFailure(Exception error)
    {
        if (_context.Verdict != DtlsFailure.None)
        {
            return DtlsResult.Failed(_context.Verdict, _context.VerdictDetail ?? _context.Verdict.ToString(), _context.VerdictAlert);
        }

        // BouncyCastle enforces the same deadline and reports it as handshake_failure; when our timer is late
        // (a busy thread pool) that report arrives first.
        if (_time.GetElapsedTime(_startedAt) >= _context.Options.HandshakeTimeout)
        {
            return TimeoutResult();
        }

        if (_context.FatalAlertReceived is byte received)
        {
            return DtlsResult.Failed(DtlsFailure.AlertReceived, $"The peer sent the fatal alert {AlertDescription.GetText(received)}.", received);
        }

        if (error is TlsFatalAlert fatal)
        {
            string cause = fatal.InnerException?.Message ?? fatal.Message;
            return DtlsResult.Failed(DtlsFailure.ProtocolError,
                $"Handshake aborted with {AlertDescription.GetText(fatal.AlertDescription)}: {cause}", fatal.AlertDescription);
        }

        return DtlsResult.Failed(DtlsFailure.ProtocolError, $"Handshake failed: {error.Message}");
    }

    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _drainScheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.Drain(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Feeds queued datagrams to the established association; runs as a mailbox does: one at a time, and
    /// rescheduled when work arrived after the last look.
    /// </summary>
    private void Drain()
    {
        while (true)
        {
            DrainOnce();
            Volatile.Write(ref _drainScheduled, 0);
            bool moreWork = (Transport.PendingDatagrams > 0 && !Transport.IsClosed)
                || (Volatile.Read(ref _closeRequested) != 0 && !_closeNotifySent);
            if (!moreWork || Interlocked.CompareExchange(ref _drainScheduled, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void DrainOnce()
    {
        BcDtlsTransport? association = Volatile.Read(ref _association);
        if (association is null || _closeNotifySent)
        {
            return;
        }

        try
        {
            if (Volatile.Read(ref _closeRequested) != 0)
            {
                _closeNotifySent = true;
                association.Close();
                return;
            }

            _drainBuffer ??= new byte[DtlsTransport.ReceiveLimit];
            while (Transport.PendingDatagrams > 0 && !Transport.IsClosed)
            {
                // Handshake records of the peer's last flight make BouncyCastle resend our final flight; alerts
                // are acted on inside; application data has no use in DTLS-SRTP and is dropped here.
                association.Receive(_drainBuffer, 0, _drainBuffer.Length, DrainWaitMillis);
            }

            Transport.Flush();
        }
        catch (Exception)
        {
            // A fatal alert from the peer, or a record that failed authentication: BouncyCastle has already
            // failed the association and closed the transport; the state change below reports it.
        }

        if (Transport.ClosedByProtocol)
        {
            TryTransition(DtlsState.Connected, _context.FatalAlertReceived is null && _context.CloseNotifyReceived
                ? DtlsState.Closed
                : DtlsState.Failed);
        }
    }

    private bool TryTransition(DtlsState from, DtlsState to)
    {
        if (Interlocked.CompareExchange(ref _state, (int)to, (int)from) != (int)from)
        {
            return false;
        }

        if (to is DtlsState.Failed or DtlsState.Closed)
        {
            _handshakeTimer?.Dispose();
            _ended.TrySetResult(to);
        }

        return true;
    }
}
