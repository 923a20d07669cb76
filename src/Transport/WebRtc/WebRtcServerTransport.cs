using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.WebRtc;

/// <summary>
/// The server side of a WebRTC transport, what the SFU gives each session twice (PROTOCOL §6.2, §7.1): an ICE-lite
/// agent answering the browser's checks on the worker's shared UDP port and TCP listener, the DTLS role chosen by
/// <see cref="Connect"/>, then SRTP. Created, used and closed on the worker loop's thread.
/// </summary>
public sealed class WebRtcServerTransport : WebRtcTransport, IDemuxTarget, IWorkerTimer
{
    private readonly IceLiteAgent ice;
    private readonly MediaDemultiplexer demux;
    private readonly List<TransportTuple> boundTuples = [];
    private WorkerTimerHandle consentTimer;

    /// <summary>Must run on <paramref name="loop"/>'s thread; the loop must own worker sockets.</summary>
    public WebRtcServerTransport(MediaWorkerLoop loop, WebRtcTransportOptions options, IWebRtcTransportHandler? handler = null)
        : base(loop, options, handler)
    {
        MediaWorkerSocket worker = loop.WorkerSocket
            ?? throw new ArgumentException("A server transport needs a loop that owns worker sockets.", nameof(loop));
        demux = loop.Demultiplexer;
        IceCredentials credentials = IceCredentials.Generate();
        while (!demux.TryRegisterUfrag(credentials.UsernameFragment, this))
        {
            credentials = IceCredentials.Generate(); // 165 random bits: a clash is theoretical
        }

        ice = new IceLiteAgent(credentials, remote: null, options.ConsentTimeout)
        {
            StateChanged = OnIceStateChanged,
            SelectedTupleChanged = OnSelectedTupleChanged,
        };
        IceParameters = new WebRtcIceParameters(credentials.UsernameFragment, credentials.Password, IceLite: true);
        string announced = worker.Settings.AnnouncedAddress;
        IceCandidates = [IceCandidate.HostUdp(announced, worker.Port), IceCandidate.HostTcpPassive(announced, worker.Port)];
        DtlsParameters = new WebRtcDtlsParameters(LocalFingerprints, WebRtcDtlsParameters.AutoRole);
    }

    /// <summary>ufrag, password, iceLite true.</summary>
    public WebRtcIceParameters IceParameters { get; }

    /// <summary>The UDP candidate then the passive TCP one, with the announced address (PROTOCOL §6.2, §8.3).</summary>
    public IReadOnlyList<IceCandidate> IceCandidates { get; }

    /// <summary>Our sha-256 fingerprint and role "auto".</summary>
    public WebRtcDtlsParameters DtlsParameters { get; }

    /// <summary>The ICE-lite agent's own state (new, connected, completed, disconnected, closed).</summary>
    public IceState IceAgentState => ice.State;

    private protected override IcePathState IceState => ice.State switch
    {
        Ice.IceState.Connected or Ice.IceState.Completed => IcePathState.Connected,
        Ice.IceState.Disconnected => IcePathState.Disconnected,
        _ => IcePathState.New,
    };

    /// <summary>
    /// Takes the peer's DTLS parameters (CONNECT_*_TRANSPORT): picks our role from theirs (PROTOCOL §7.1) and
    /// checks their certificate against their first fingerprint we can compute. As DTLS server we wait for the
    /// ClientHello at once; as client we speak once ICE has a path. Once only; owner thread.
    /// </summary>
    public void Connect(WebRtcDtlsParameters remote)
    {
        Loop.VerifyOwnerThread();
        ArgumentNullException.ThrowIfNull(remote);
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (!WebRtcDtlsParameters.TryGetLocalRole(remote.Role, out DtlsRole role))
        {
            throw new ArgumentException($"Unknown DTLS role \"{remote.Role}\".", nameof(remote));
        }

        if (remote.Fingerprints is not { Count: > 0 })
        {
            throw new ArgumentException("At least one fingerprint is required.", nameof(remote));
        }

        CreateDtls(role, remote.Fingerprints[0]);
        if (role == Dtls.DtlsRole.Server || IceState == IcePathState.Connected)
        {
            StartDtls();
        }

        UpdateState();
    }

    void IDemuxTarget.OnStun(in StunMessage message, PacketChannel channel, in TransportTuple remote)
    {
        if (IsClosed)
        {
            return;
        }

        Span<byte> response = stackalloc byte[StunBindingResponses.MaxLength];
        IceCheckOutcome outcome = ice.HandleRequest(message, remote, response, out int responseLength, Loop.NowMs);
        Counters.CountStunCheck(outcome);
        if (outcome == IceCheckOutcome.Success)
        {
            BindValidatedTuple(remote);
            ScheduleConsentCheck();
        }

        if (responseLength > 0)
        {
            channel.TrySend(remote, response[..responseLength]);
        }
    }

    void IDemuxTarget.OnDtls(ReadOnlySpan<byte> datagram, PacketChannel channel, in TransportTuple remote)
    {
        if (!ice.IsValidated(remote))
        {
            Counters.dtlsFromUnvalidatedTuple++;
            return;
        }

        FeedDtls(datagram);
    }

    void IDemuxTarget.OnRtp(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
    {
        // What the checks below and the decryption read next, asked for together (see PrefetchForReceive).
        CachePrefetch.Object(ice);
        PrefetchForReceive();
        if (!ice.IsValidated(remote))
        {
            Counters.mediaFromUnvalidatedTuple++;
            return;
        }

        ReceiveRtp(packet);
    }

    void IDemuxTarget.OnRtcp(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
    {
        if (!ice.IsValidated(remote))
        {
            Counters.mediaFromUnvalidatedTuple++;
            return;
        }

        ReceiveRtcp(packet);
    }

    void IDemuxTarget.OnPathClosed(in TransportTuple remote)
    {
        boundTuples.Remove(remote);
        ice.RemoveTuple(remote);
    }

    /// <summary>Consent freshness (RFC 7675 §5.1): runs when consent would run out unless a check renewed it.</summary>
    void IWorkerTimer.OnTimer(long nowMs)
    {
        consentTimer = default;
        if (IsClosed)
        {
            return;
        }

        if (!ice.CheckConsent(nowMs))
        {
            ScheduleConsentCheck();
        }
    }

    private protected override void OnClosing(bool closeNotifyPending)
    {
        Loop.CancelTimer(consentTimer);
        consentTimer = default;
        ice.Close();
        UnbindAll();
        demux.UnregisterUfrag(IceParameters.UsernameFragment, this);
    }

    private void BindValidatedTuple(in TransportTuple remote)
    {
        if (!boundTuples.Contains(remote))
        {
            // The agent keeps at most IceLiteAgent.MaxTuples; forget bindings of tuples it evicted.
            for (int i = boundTuples.Count - 1; i >= 0; i--)
            {
                if (!ice.IsValidated(boundTuples[i]))
                {
                    demux.UnbindTuple(boundTuples[i], this);
                    boundTuples.RemoveAt(i);
                }
            }

            boundTuples.Add(remote);
        }

        demux.BindTuple(remote, this);
    }

    private void UnbindAll()
    {
        foreach (TransportTuple tuple in boundTuples)
        {
            demux.UnbindTuple(tuple, this);
        }

        boundTuples.Clear();
    }

    private void ScheduleConsentCheck()
    {
        if (!consentTimer.IsScheduled && ice.ConsentExpiresAtMs is long due)
        {
            consentTimer = Loop.ScheduleTimer(due, this);
        }
    }

    private void OnIceStateChanged(IceState previous, IceState current)
    {
        if (current is Ice.IceState.Connected or Ice.IceState.Completed)
        {
            StartDtls(); // does nothing until Connect, or when already started
        }
        else if (current == Ice.IceState.Disconnected)
        {
            // Consent lost: media from those tuples is no longer ours to accept.
            UnbindAll();
        }

        if (!IsClosed)
        {
            UpdateState();
        }
    }

    private void OnSelectedTupleChanged(TransportTuple? tuple)
    {
        if (IsClosed)
        {
            return; // the agent forgets its tuples on close; the last path stays for the close_notify
        }

        if (tuple is not { } selected)
        {
            SetPath(null, default);
            return;
        }

        PacketChannel? channel = null;
        if (selected.Protocol == TransportProtocol.Udp)
        {
            channel = Loop.WorkerUdp;
        }
        else if (Loop.TryGetTcpConnection(selected, out TcpMediaConnection? connection))
        {
            channel = connection;
        }

        SetPath(channel, selected);
    }

    public override string ToString() => $"WebRtcServerTransport {Id} {State} ufrag {IceParameters.UsernameFragment}";
}
