using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.WebRtc;

/// <summary>
/// What server and client transports share: the DTLS endpoint and the SRTP session it keys, the selected media
/// path, the state and the counters. Everything runs on the worker loop's thread; only the DTLS handshake runs on
/// the <see cref="DtlsHandshakePool"/>, and its datagrams and outcome come back through
/// <see cref="MediaWorkerLoop.Post"/>, so the SRTP contexts are touched by the worker thread alone (STYLE.md §5).
/// </summary>
public abstract class WebRtcTransport : IDisposable
{
    private readonly WebRtcTransportOptions options;
    private DtlsEndpoint? dtls;
    private SrtpSession? srtp;
    private PacketChannel? pathChannel;
    private TransportTuple pathTuple;
    private bool dtlsFailed;
    private bool closed;

    private protected WebRtcTransport(MediaWorkerLoop loop, WebRtcTransportOptions options, IWebRtcTransportHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Certificate);
        options.Dtls.Validate();
        loop.VerifyOwnerThread();
        Loop = loop;
        this.options = options;
        Handler = handler;
        LocalFingerprints = [options.Certificate.GetFingerprint("sha-256")];
    }

    /// <summary>Random UUID v4, as PROTOCOL §6.2 gives each transport.</summary>
    public string Id { get; } = Guid.NewGuid().ToString();

    public WebRtcTransportState State { get; private set; } = WebRtcTransportState.New;

    public WebRtcTransportCounters Counters { get; } = new();

    /// <summary>Receives state changes and media; set it before traffic can arrive.</summary>
    public IWebRtcTransportHandler? Handler { get; set; }

    /// <summary>Our certificate's fingerprint (a single sha-256 one, PROTOCOL §6.2).</summary>
    public IReadOnlyList<DtlsFingerprint> LocalFingerprints { get; }

    /// <summary>Our DTLS role once known (after connect).</summary>
    public DtlsRole? DtlsRole => dtls?.Role;

    /// <summary>How the handshake ended; null while it runs.</summary>
    public DtlsResult? DtlsResult { get; private set; }

    public SrtpProfile? SrtpProfile => srtp?.Profile;

    /// <summary>The remote tuple media goes to; null while ICE has no path.</summary>
    public TransportTuple? SelectedTuple => pathChannel is null || closed ? null : pathTuple;

    /// <summary>Bytes SRTP adds to an RTP packet: room the caller of <see cref="TrySendRtp"/> must leave.</summary>
    public int RtpProtectionOverhead => srtp?.Outbound.RtpOverhead ?? 16;

    public int RtcpProtectionOverhead => srtp?.Outbound.RtcpOverhead ?? 20;

    private protected MediaWorkerLoop Loop { get; }

    private protected bool IsClosed => closed;

    private protected bool HasDtls => dtls is not null;

    private protected bool DtlsStarted => dtls is { State: not DtlsState.New };

    /// <summary>ICE's view, from the subclass's agent.</summary>
    private protected abstract IcePathState IceState { get; }

    /// <summary>
    /// Encrypts the RTP packet in buffer[..length) in place (the buffer needs <see cref="RtpProtectionOverhead"/>
    /// spare bytes) and sends it on the selected path. False when not connected or when SRTP or the socket
    /// refused it; each case is counted.
    /// </summary>
    public bool TrySendRtp(Span<byte> buffer, int length)
    {
        SrtpSendStream? stream = null;
        return TrySendRtp(buffer, length, ref stream);
    }

    /// <summary>
    /// The same for a sender of one SSRC that keeps <paramref name="stream"/> between packets (null at first): the
    /// SRTP state of its SSRC, found once instead of on every packet (see <see cref="SrtpSendStream"/>).
    /// </summary>
    public bool TrySendRtp(Span<byte> buffer, int length, ref SrtpSendStream? stream)
    {
        Loop.VerifyOwnerThread();
        if (State != WebRtcTransportState.Connected || srtp is null || pathChannel is null)
        {
            Counters.sendsWithoutPath++;
            return false;
        }

        if (!srtp.TryProtectRtp(buffer, length, ref stream, out int protectedLength))
        {
            Counters.protectFailures++;
            return false;
        }

        if (!pathChannel.TrySend(pathTuple, buffer[..protectedLength]))
        {
            Counters.socketSendFailures++;
            return false;
        }

        Counters.rtpPacketsSent++;
        Counters.rtpBytesSent += protectedLength;
        return true;
    }

    /// <summary>The same for an RTCP packet (<see cref="RtcpProtectionOverhead"/> spare bytes).</summary>
    public bool TrySendRtcp(Span<byte> buffer, int length)
    {
        Loop.VerifyOwnerThread();
        if (State != WebRtcTransportState.Connected || srtp is null || pathChannel is null)
        {
            Counters.sendsWithoutPath++;
            return false;
        }

        if (!srtp.TryProtectRtcp(buffer, length, out int protectedLength))
        {
            Counters.protectFailures++;
            return false;
        }

        if (!pathChannel.TrySend(pathTuple, buffer[..protectedLength]))
        {
            Counters.socketSendFailures++;
            return false;
        }

        Counters.rtcpPacketsSent++;
        return true;
    }

    /// <summary>
    /// Ends the transport: ICE stopped, keys dropped, and when DTLS is connected its close_notify (RFC 5246
    /// §7.2.1) still goes out on the last path, so that the peer learns at once. Idempotent; owner thread.
    /// </summary>
    public void Close()
    {
        Loop.VerifyOwnerThread();
        if (closed)
        {
            return;
        }

        closed = true;
        bool sendsCloseNotify = dtls is { State: DtlsState.Connected } && pathChannel is not null;
        OnClosing(sendsCloseNotify);
        dtls?.Close();
        srtp?.Dispose();
        srtp = null;
        if (!sendsCloseNotify)
        {
            pathChannel = null;
        }

        UpdateState();
    }

    public void Dispose() => Close();

    /// <summary>Sends a packet as it is on the selected path, bypassing SRTP: for tests that replay or forge.</summary>
    internal bool TrySendRaw(ReadOnlySpan<byte> packet)
    {
        Loop.VerifyOwnerThread();
        return pathChannel is not null && pathChannel.TrySend(pathTuple, packet);
    }

    /// <summary>
    /// Lets the subclass release its ICE state and registrations before the rest is torn down. When
    /// <paramref name="closeNotifyPending"/> the path must stay usable until <see cref="OnCloseNotifySent"/>.
    /// </summary>
    private protected abstract void OnClosing(bool closeNotifyPending);

    /// <summary>The close_notify left after <see cref="Close"/>: the path is no longer needed.</summary>
    private protected virtual void OnCloseNotifySent()
    {
    }

    private protected void CreateDtls(DtlsRole role, DtlsFingerprint remoteFingerprint)
    {
        if (dtls is not null)
        {
            // PROTOCOL §7.1: connect may be called only once per transport.
            throw new InvalidOperationException("The transport is already connected.");
        }

        var endpoint = new DtlsEndpoint(role, options.Certificate, remoteFingerprint, SendFromHandshakeThread,
            options.Dtls, options.HandshakePool, options.DtlsTime);
        dtls = endpoint;
        endpoint.Completion.ContinueWith(static (task, state) =>
        {
            var self = (WebRtcTransport)state!;
            self.Loop.Post(new DtlsOutcomeItem(self, task.Result));
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        endpoint.Ended.ContinueWith(static (task, state) =>
        {
            var self = (WebRtcTransport)state!;
            self.Loop.Post(new DtlsEndedItem(self, task.Result));
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private protected void StartDtls()
    {
        if (dtls is { State: DtlsState.New } endpoint && !closed)
        {
            endpoint.Start();
        }
    }

    private protected void FeedDtls(ReadOnlySpan<byte> datagram)
    {
        if (dtls is null)
        {
            Counters.dtlsBeforeConnect++;
            return;
        }

        dtls.OnDatagram(datagram);
    }

    private protected void SetPath(PacketChannel? channel, in TransportTuple tuple)
    {
        pathChannel = channel;
        pathTuple = channel is null ? default : tuple;
    }

    /// <summary>
    /// Starts loading the objects a received packet visits after this one (<see cref="CachePrefetch"/>): the SRTP
    /// session, the counters and the handler. The first packet of each burst finds them cold, and loaded one after
    /// another each would stall the worker in turn.
    /// </summary>
    private protected void PrefetchForReceive()
    {
        CachePrefetch.Object(srtp);
        CachePrefetch.Object(Counters);
        CachePrefetch.Object(Handler);
    }

    /// <summary>What <see cref="TrySendRtp(Span{byte}, int, ref SrtpSendStream)"/> reads besides the SRTP stream: the session and the counters.</summary>
    internal void PrefetchForSend()
    {
        CachePrefetch.Object(srtp);
        CachePrefetch.Object(Counters);
    }

    private protected void ReceiveRtp(Span<byte> packet)
    {
        if (srtp is null)
        {
            Counters.mediaBeforeKeys++;
            return;
        }

        SrtpResult result = srtp.TryUnprotectRtp(packet, packet.Length, out int plainLength);
        if (result != SrtpResult.Ok)
        {
            Counters.CountRtpRejected(result);
            return;
        }

        Counters.rtpPacketsReceived++;
        Counters.rtpBytesReceived += packet.Length;
        Handler?.OnRtp(this, packet[..plainLength]);
    }

    private protected void ReceiveRtcp(Span<byte> packet)
    {
        if (srtp is null)
        {
            Counters.mediaBeforeKeys++;
            return;
        }

        SrtpResult result = srtp.TryUnprotectRtcp(packet, packet.Length, out int plainLength);
        if (result != SrtpResult.Ok)
        {
            Counters.CountRtcpRejected(result);
            return;
        }

        Counters.rtcpPacketsReceived++;
        Handler?.OnRtcp(this, packet[..plainLength]);
    }

    /// <summary>Recomputes the state from ICE and DTLS and tells the handler when it changed.</summary>
    private protected void UpdateState()
    {
        WebRtcTransportState next = ComputeState();
        WebRtcTransportState previous = State;
        if (next == previous || previous is WebRtcTransportState.Failed or WebRtcTransportState.Closed)
        {
            return;
        }

        State = next;
        Handler?.OnStateChanged(this, previous, next);
    }

    private WebRtcTransportState ComputeState()
    {
        if (closed)
        {
            return WebRtcTransportState.Closed;
        }

        IcePathState ice = IceState;
        if (dtlsFailed || ice == IcePathState.Failed)
        {
            return WebRtcTransportState.Failed;
        }

        if (ice == IcePathState.Disconnected)
        {
            return WebRtcTransportState.Disconnected;
        }

        if (ice == IcePathState.Connected && srtp is not null)
        {
            return WebRtcTransportState.Connected;
        }

        return ice != IcePathState.New || dtls is not null ? WebRtcTransportState.Connecting : WebRtcTransportState.New;
    }

    // BouncyCastle writes from a pool thread; the bytes travel to the worker thread, which owns the sockets (a TCP
    // stream must not see two writers) and knows the selected path.
    private void SendFromHandshakeThread(ReadOnlySpan<byte> datagram) => Loop.Post(new DtlsSendItem(this, datagram.ToArray()));

    private void SendDtlsNow(byte[] datagram)
    {
        if (pathChannel is null || pathChannel.IsClosed)
        {
            return;
        }

        pathChannel.TrySend(pathTuple, datagram);
        if (closed)
        {
            // After Close the only datagram BouncyCastle writes is its close_notify alert.
            pathChannel = null;
            OnCloseNotifySent();
        }
    }

    private void OnDtlsOutcome(DtlsResult result)
    {
        if (closed || DtlsResult is not null)
        {
            return;
        }

        DtlsResult = result;
        if (result.Succeeded && result.Keys is { } keys)
        {
            srtp = new SrtpSession(keys, options.MaxSrtpSsrcs);
        }
        else
        {
            dtlsFailed = true;
        }

        UpdateState();
    }

    private void OnDtlsEnded(DtlsState ended)
    {
        // A failed handshake ends the endpoint just before it completes its result; that outcome item follows
        // this one and is what reports the failure, with its reason.
        if (closed || DtlsResult is null)
        {
            return;
        }

        if (ended == DtlsState.Closed)
        {
            // The peer's close_notify (RFC 5246 §7.2.1): the association is over, so is the transport.
            closed = true;
            OnClosing(closeNotifyPending: false);
            srtp?.Dispose();
            srtp = null;
            pathChannel = null;
        }
        else
        {
            dtlsFailed = true;
        }

        UpdateState();
    }

    private sealed class DtlsSendItem(WebRtcTransport owner, byte[] datagram) : IThreadPoolWorkItem
    {
        public void Execute() => owner.SendDtlsNow(datagram);
    }

    private sealed class DtlsOutcomeItem(WebRtcTransport owner, DtlsResult result) : IThreadPoolWorkItem
    {
        public void Execute() => owner.OnDtlsOutcome(result);
    }

    private sealed class DtlsEndedItem(WebRtcTransport owner, DtlsState ended) : IThreadPoolWorkItem
    {
        public void Execute() => owner.OnDtlsEnded(ended);
    }
}

/// <summary>ICE's contribution to <see cref="WebRtcTransportState"/>.</summary>
internal enum IcePathState
{
    New,
    Checking,
    Connected,
    Disconnected,
    Failed,
}
