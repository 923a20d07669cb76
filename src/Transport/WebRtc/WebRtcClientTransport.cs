using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;

namespace Sfu.Transport.WebRtc;

/// <summary>
/// The client side of a WebRTC transport, for tests and the load generator: a controlling ICE agent that checks one
/// server candidate over its own UDP socket or ICE-TCP connection (retransmitting per RFC 8489 §6.2.1), then DTLS in
/// the configured role, then SRTP, with the same send and receive API as the server side. Created, used and closed
/// on the worker loop's thread; the loop needs no worker sockets.
/// </summary>
public sealed class WebRtcClientTransport : WebRtcTransport, IPacketReceiver, IWorkerTimer
{
    /// <summary>Type and local preference of a peer-reflexive candidate as a browser would compute them (RFC 8445 §5.1.2).</summary>
    private static readonly uint CheckPriority = IceCandidate.ComputePriority(110, 65535, IceCandidate.RtpComponentId);

    /// <summary>How long a closed transport keeps its socket for the close_notify to leave.</summary>
    private const int CloseNotifyLingerMs = 2000;

    private readonly WebRtcClientOptions clientOptions;
    private readonly byte[] requestBuffer = new byte[IceClientAgent.MaxRequestLength];
    private IceClientAgent? ice;
    private PacketChannel? channel;
    private TransportTuple server;
    private IcePathState iceState = IcePathState.New;
    private WorkerTimerHandle timer;
    private long nextConsentCheckMs = long.MaxValue;

    /// <summary>Must run on <paramref name="loop"/>'s thread.</summary>
    public WebRtcClientTransport(MediaWorkerLoop loop, WebRtcTransportOptions options, WebRtcClientOptions? clientOptions = null, IWebRtcTransportHandler? handler = null)
        : base(loop, options, handler)
    {
        this.clientOptions = clientOptions ?? new WebRtcClientOptions();
        LocalCredentials = this.clientOptions.LocalCredentials ?? IceCredentials.Generate();
    }

    public IceCredentials LocalCredentials { get; }

    /// <summary>Our socket's address (UDP) or the connection's local end (TCP), once connected.</summary>
    public IPEndPoint? LocalEndPoint => channel?.LocalEndPoint;

    private protected override IcePathState IceState => iceState;

    /// <summary>
    /// Opens the path to <paramref name="serverCandidate"/> and starts ICE with the server's credentials; DTLS
    /// follows the first successful check, verifying the server's certificate against
    /// <paramref name="serverFingerprint"/>. Once only; owner thread.
    /// </summary>
    public void Connect(WebRtcIceParameters serverIce, IPEndPoint serverCandidate, DtlsFingerprint serverFingerprint)
    {
        Loop.VerifyOwnerThread();
        ArgumentNullException.ThrowIfNull(serverIce);
        ArgumentNullException.ThrowIfNull(serverCandidate);
        ArgumentNullException.ThrowIfNull(serverFingerprint);
        ObjectDisposedException.ThrowIf(IsClosed, this);
        CreateDtls(clientOptions.DtlsRole, serverFingerprint); // throws on a second call

        var remoteCredentials = new IceCredentials(serverIce.UsernameFragment, serverIce.Password);
        ice = new IceClientAgent(LocalCredentials, remoteCredentials, CheckPriority,
            initialRtoMs: clientOptions.IceInitialRtoMs, maxTransmissions: clientOptions.IceMaxTransmissions);
        if (clientOptions.Protocol == TransportProtocol.Tcp)
        {
            TcpMediaConnection connection = Loop.ConnectTcp(serverCandidate, this);
            channel = connection;
            server = connection.Remote;
        }
        else
        {
            IPAddress local = clientOptions.LocalAddress
                ?? (serverCandidate.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
            channel = Loop.OpenUdpChannel(new IPEndPoint(local, 0), this);
            server = TransportTuple.FromEndPoint(serverCandidate, TransportProtocol.Udp);
        }

        iceState = IcePathState.Checking;
        StartCheck();
        UpdateState();
    }

    void IPacketReceiver.OnPacket(Span<byte> packet, PacketChannel from, in TransportTuple remote)
    {
        if (IsClosed || remote != server)
        {
            return; // only the server's candidate talks to this socket
        }

        switch (PacketClassifier.Classify(packet))
        {
            case PacketKind.Stun:
                OnStunResponse(packet);
                break;
            case PacketKind.Dtls:
                if (iceState is IcePathState.Connected or IcePathState.Disconnected)
                {
                    FeedDtls(packet);
                }
                else
                {
                    Counters.dtlsFromUnvalidatedTuple++;
                }

                break;
            case PacketKind.Rtp:
                ReceiveRtp(packet);
                break;
            case PacketKind.Rtcp:
                ReceiveRtcp(packet);
                break;
        }
    }

    void IPacketReceiver.OnChannelClosed(PacketChannel closedChannel, in TransportTuple remote)
    {
        if (IsClosed || !ReferenceEquals(closedChannel, channel))
        {
            return;
        }

        channel = null;
        SetPath(null, default);
        iceState = IcePathState.Failed; // the only path is gone for good
        UpdateState();
    }

    void IWorkerTimer.OnTimer(long nowMs)
    {
        timer = default;
        if (IsClosed)
        {
            CloseChannel(); // the close_notify linger ran out
            return;
        }

        if (ice is null || channel is null)
        {
            return;
        }

        if (ice.IsCheckPending)
        {
            switch (ice.OnTimer(nowMs, requestBuffer, out int length))
            {
                case IceClientTimerResult.Retransmit:
                    SendRequest(length);
                    break;
                case IceClientTimerResult.TimedOut:
                    // Never answered: no path at all. Answered before: the server stopped consenting.
                    iceState = iceState == IcePathState.Checking ? IcePathState.Failed : IcePathState.Disconnected;
                    SetPath(null, default);
                    UpdateState();
                    break;
            }
        }
        else if (nowMs >= nextConsentCheckMs)
        {
            StartCheck();
            return;
        }

        ScheduleTimer();
    }

    private protected override void OnClosing(bool closeNotifyPending)
    {
        Loop.CancelTimer(timer);
        timer = default;
        ice?.Cancel();
        if (closeNotifyPending)
        {
            // Keep the socket until the close_notify has left, but not forever if the handshake thread is stuck.
            timer = Loop.ScheduleTimer(Loop.NowMs + CloseNotifyLingerMs, this);
        }
        else
        {
            CloseChannel();
        }
    }

    private protected override void OnCloseNotifySent()
    {
        Loop.CancelTimer(timer);
        timer = default;
        CloseChannel();
    }

    private void CloseChannel()
    {
        PacketChannel? open = channel;
        channel = null;
        open?.Close();
    }

    private void StartCheck()
    {
        if (ice is null || channel is null)
        {
            return;
        }

        long now = Loop.NowMs;
        nextConsentCheckMs = clientOptions.ConsentIntervalMs > 0 ? now + clientOptions.ConsentIntervalMs : long.MaxValue;
        if (ice.TryStartCheck(now, requestBuffer, out int length))
        {
            SendRequest(length);
        }

        ScheduleTimer();
    }

    private void SendRequest(int length)
    {
        Counters.iceRequestsSent++;
        channel?.TrySend(server, requestBuffer.AsSpan(0, length));
    }

    private void ScheduleTimer()
    {
        Loop.CancelTimer(timer);
        long due = ice?.NextTimerMs ?? long.MaxValue;

        // A consent check falls due only once the previous one is answered or has timed out: while one is pending,
        // its retransmission timer is the one to wait for. (Waking for the consent time instead, which OnTimer cannot
        // act on while a check is pending, rescheduled the same past time over and over: the loop spun and starved.)
        if (iceState is (IcePathState.Connected or IcePathState.Disconnected) && ice is not { IsCheckPending: true })
        {
            due = Math.Min(due, nextConsentCheckMs);
        }

        timer = due == long.MaxValue ? default : Loop.ScheduleTimer(due, this);
    }

    private void OnStunResponse(ReadOnlySpan<byte> packet)
    {
        if (ice is null)
        {
            return;
        }

        IceClientResponse response = ice.HandleResponse(packet);
        switch (response.Kind)
        {
            case IceClientResponseKind.Success:
                bool first = iceState != IcePathState.Connected;
                iceState = IcePathState.Connected;
                if (first)
                {
                    SetPath(channel, server);
                    StartDtls();
                }

                ScheduleTimer();
                UpdateState();
                break;
            case IceClientResponseKind.Error:
                iceState = IcePathState.Failed;
                SetPath(null, default);
                UpdateState();
                break;
            default:
                Counters.iceResponsesIgnored++;
                break;
        }
    }

    public override string ToString() => $"WebRtcClientTransport {Id} {State} to {server}";
}
