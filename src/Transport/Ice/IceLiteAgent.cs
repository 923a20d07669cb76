using System.Text;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Ice;

/// <summary>
/// The server side of ICE for one transport: an ICE-lite agent (RFC 8445 §2.5), hence always controlled, that
/// only answers the browser's connectivity checks, remembers which remote tuples passed one, follows the
/// browser's nomination and watches consent (RFC 7675). One owner thread (the media worker); nothing here
/// allocates, locks or throws per packet. Time is passed in as milliseconds on any monotonic clock.
/// </summary>
/// <remarks>
/// mediasoup-client never hands the browser's credentials to the server, so a check is accepted when its
/// USERNAME starts with "localUfrag:" and its MESSAGE-INTEGRITY verifies with the LOCAL password (RFC 8445 §7.3:
/// the responder uses its own password). If the remote ufrag is known it must also match the part after the
/// colon.
/// </remarks>
public sealed class IceLiteAgent
{
    /// <summary>Validated tuples kept at most; a peer rarely has more than a couple of host/srflx paths.</summary>
    public const int MaxTuples = 8;

    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>PROTOCOL §7.1 allows 10–60 s; RFC 7675 §5.1 fixes 30 s for the sending side.</summary>
    public static readonly TimeSpan MinConsentTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxConsentTimeout = TimeSpan.FromSeconds(60);

    private readonly byte[] localUfrag;
    private readonly byte[] localPasswordKey;
    private readonly byte[]? remoteUfrag;
    private readonly long consentTimeoutMs;
    private readonly TransportTuple[] tuples = new TransportTuple[MaxTuples];
    private readonly long[] tupleLastCheckMs = new long[MaxTuples];
    private int tupleCount;
    private int selectedIndex = -1;
    private long lastValidCheckMs;
    private uint highestNomination;

    public IceLiteAgent(IceCredentials local, IceCredentials? remote = null, TimeSpan? consentTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        TimeSpan timeout = consentTimeout ?? DefaultConsentTimeout;
        if (timeout < MinConsentTimeout || timeout > MaxConsentTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(consentTimeout), timeout, $"ICE consent timeout must be between {MinConsentTimeout.TotalSeconds} and {MaxConsentTimeout.TotalSeconds} seconds.");
        }

        LocalCredentials = local;
        RemoteCredentials = remote;
        localUfrag = Encoding.UTF8.GetBytes(local.UsernameFragment);
        localPasswordKey = local.PasswordKey();
        remoteUfrag = remote is null ? null : Encoding.UTF8.GetBytes(remote.UsernameFragment);
        consentTimeoutMs = (long)timeout.TotalMilliseconds;
    }

    public IceCredentials LocalCredentials { get; }

    public IceCredentials? RemoteCredentials { get; }

    public IceState State { get; private set; } = IceState.New;

    /// <summary>The tuple media goes to: the nominated one, or the first validated one before any nomination.</summary>
    public TransportTuple? SelectedTuple => selectedIndex >= 0 ? tuples[selectedIndex] : null;

    public int ValidatedTupleCount => tupleCount;

    /// <summary>When consent runs out unless a valid check arrives first; null unless connected or completed.</summary>
    public long? ConsentExpiresAtMs =>
        State is IceState.Connected or IceState.Completed ? lastValidCheckMs + consentTimeoutMs : null;

    /// <summary>Called synchronously, on the caller's thread, after every state change (previous, current).</summary>
    public Action<IceState, IceState>? StateChanged { get; set; }

    /// <summary>Called synchronously after the selected tuple changes (null when none is left).</summary>
    public Action<TransportTuple?>? SelectedTupleChanged { get; set; }

    /// <summary>Whether DTLS/RTP from this tuple may be accepted: it passed a check and consent still holds.</summary>
    public bool IsValidated(in TransportTuple tuple) => IndexOf(tuple) >= 0;

    /// <summary>
    /// Parses and answers one datagram from <paramref name="remote"/>. When <paramref name="responseLength"/> is
    /// not zero, the first that many bytes of <paramref name="response"/> (<see cref="StunBindingResponses.MaxLength"/>
    /// is enough) must be sent back to <paramref name="remote"/>.
    /// </summary>
    public IceCheckOutcome HandleRequest(ReadOnlySpan<byte> datagram, in TransportTuple remote, Span<byte> response, out int responseLength, long nowMs)
    {
        responseLength = 0;
        if (State == IceState.Closed)
        {
            return IceCheckOutcome.AgentClosed;
        }

        return StunMessage.TryParse(datagram, out StunMessage message)
            ? HandleRequest(message, remote, response, out responseLength, nowMs)
            : IceCheckOutcome.Malformed;
    }

    /// <summary>The same for a message the caller already parsed (e.g. to find the agent by USERNAME).</summary>
    public IceCheckOutcome HandleRequest(in StunMessage message, in TransportTuple remote, Span<byte> response, out int responseLength, long nowMs)
    {
        responseLength = 0;
        if (State == IceState.Closed)
        {
            return IceCheckOutcome.AgentClosed;
        }

        if (message.Class != StunClass.Request)
        {
            return IceCheckOutcome.NotARequest;
        }

        // RFC 8489 §6.3.1 answers an unknown method with 400; R80 and PROTOCOL §7.1 answer 400 when FINGERPRINT
        // or PRIORITY is missing, and RFC 8489 §9.1.3 when USERNAME or MESSAGE-INTEGRITY is (cannot authenticate).
        if (message.Method != StunMethod.Binding
            || !message.HasFingerprint
            || !message.HasPriority
            || !message.HasUsername
            || !message.HasMessageIntegrity)
        {
            WriteError(message, StunErrorCodes.BadRequest, authenticated: false, response, out responseLength);
            return IceCheckOutcome.BadRequest;
        }

        // RFC 8489 §9.1.3 / RFC 8445 §7.3: wrong user or wrong HMAC is 401, and nothing else happens.
        if (!IsOurUsername(message.Username) || !message.VerifyMessageIntegrity(localPasswordKey))
        {
            WriteError(message, StunErrorCodes.Unauthenticated, authenticated: false, response, out responseLength);
            return IceCheckOutcome.Unauthorized;
        }

        // RFC 8445 §7.3.1.1 lets a controlled agent with the larger tie-breaker turn controlling, but a lite agent
        // never can (§6.1.1: the full agent must control), so a peer claiming ICE-CONTROLLED always gets 487.
        if (message.HasIceControlled)
        {
            WriteError(message, StunErrorCodes.RoleConflict, authenticated: true, response, out responseLength);
            return IceCheckOutcome.RoleConflict;
        }

        // RFC 8445 §7.3.1.2: the mapped address is the source of the request as we received it.
        NetAddress mapped = remote.Address.WithoutIPv4Mapping();
        StunBindingResponses.TryWriteSuccess(response, message.TransactionId, mapped, remote.Port, localPasswordKey, out responseLength);
        AcceptValidCheck(remote, IsNomination(message), nowMs);
        return IceCheckOutcome.Success;
    }

    /// <summary>
    /// Consent freshness (RFC 7675 §5.1, PROTOCOL §7.1): with no valid check for the consent timeout, the agent
    /// forgets its tuples and becomes disconnected. Call from the worker's timer. True when the state changed.
    /// </summary>
    public bool CheckConsent(long nowMs)
    {
        if (State is not (IceState.Connected or IceState.Completed) || nowMs - lastValidCheckMs < consentTimeoutMs)
        {
            return false;
        }

        ForgetAllTuples();
        SetState(IceState.Disconnected);
        return true;
    }

    /// <summary>
    /// Drops a tuple that can no longer carry media (its TCP connection closed). If it was selected, the most
    /// recently checked remaining tuple takes over; with none left the agent is disconnected.
    /// </summary>
    public bool RemoveTuple(in TransportTuple tuple)
    {
        int index = IndexOf(tuple);
        if (index < 0)
        {
            return false;
        }

        bool wasSelected = index == selectedIndex;
        RemoveAt(index);
        if (!wasSelected)
        {
            return true;
        }

        if (tupleCount == 0)
        {
            SelectedTupleChanged?.Invoke(null);
            SetState(IceState.Disconnected);
            return true;
        }

        Select(MostRecentlyCheckedIndex());
        return true;
    }

    /// <summary>Stops the agent for good: tuples forgotten, every later datagram ignored.</summary>
    public void Close()
    {
        if (State == IceState.Closed)
        {
            return;
        }

        ForgetAllTuples();
        SetState(IceState.Closed);
    }

    private bool IsOurUsername(ReadOnlySpan<byte> username)
    {
        if (!IceUsername.IsFor(username, localUfrag))
        {
            return false;
        }

        return remoteUfrag is null || username.Slice(localUfrag.Length + 1).SequenceEqual(remoteUfrag);
    }

    // USE-CANDIDATE nominates (RFC 8445 §7.3.1.5); with libwebrtc renomination a NOMINATION value above the last
    // one seen does, so that an older, reordered check cannot take the selection back.
    private bool IsNomination(in StunMessage message)
    {
        if (message.HasNomination && message.Nomination > highestNomination)
        {
            highestNomination = message.Nomination;
            return true;
        }

        return message.HasUseCandidate;
    }

    private void AcceptValidCheck(in TransportTuple remote, bool nominated, long nowMs)
    {
        lastValidCheckMs = nowMs;
        int index = IndexOf(remote);
        if (index < 0)
        {
            index = Add(remote);
        }

        tupleLastCheckMs[index] = nowMs;
        switch (State)
        {
            case IceState.New:
            case IceState.Disconnected:
                // The first valid check already gives media a path (PROTOCOL §7.1).
                Select(index);
                SetState(nominated ? IceState.Completed : IceState.Connected);
                break;
            case IceState.Connected:
                if (nominated)
                {
                    Select(index);
                    SetState(IceState.Completed);
                }

                break;
            case IceState.Completed:
                if (nominated)
                {
                    Select(index); // a later nomination switches the path
                }

                break;
        }
    }

    private int Add(in TransportTuple tuple)
    {
        if (tupleCount == MaxTuples)
        {
            RemoveAt(LeastRecentlyCheckedUnselectedIndex());
        }

        tuples[tupleCount] = tuple;
        return tupleCount++;
    }

    private void RemoveAt(int index)
    {
        int last = tupleCount - 1;
        tuples[index] = tuples[last];
        tupleLastCheckMs[index] = tupleLastCheckMs[last];
        tuples[last] = default;
        tupleCount = last;
        if (selectedIndex == index)
        {
            selectedIndex = -1;
        }
        else if (selectedIndex == last)
        {
            selectedIndex = index; // the selected tuple was the one moved into the gap
        }
    }

    private void Select(int index)
    {
        if (index == selectedIndex)
        {
            return;
        }

        selectedIndex = index;
        SelectedTupleChanged?.Invoke(tuples[index]);
    }

    private void ForgetAllTuples()
    {
        bool hadSelection = selectedIndex >= 0;
        Array.Clear(tuples);
        tupleCount = 0;
        selectedIndex = -1;
        if (hadSelection)
        {
            SelectedTupleChanged?.Invoke(null);
        }
    }

    private void SetState(IceState next)
    {
        IceState previous = State;
        if (previous == next)
        {
            return;
        }

        State = next;
        StateChanged?.Invoke(previous, next);
    }

    private int IndexOf(in TransportTuple tuple)
    {
        for (int i = 0; i < tupleCount; i++)
        {
            if (tuples[i].Equals(tuple))
            {
                return i;
            }
        }

        return -1;
    }

    private int MostRecentlyCheckedIndex()
    {
        int best = 0;
        for (int i = 1; i < tupleCount; i++)
        {
            if (tupleLastCheckMs[i] > tupleLastCheckMs[best])
            {
                best = i;
            }
        }

        return best;
    }

    private int LeastRecentlyCheckedUnselectedIndex()
    {
        int oldest = -1;
        for (int i = 0; i < tupleCount; i++)
        {
            if (i != selectedIndex && (oldest < 0 || tupleLastCheckMs[i] < tupleLastCheckMs[oldest]))
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private void WriteError(in StunMessage request, int code, bool authenticated, Span<byte> response, out int responseLength) =>
        StunBindingResponses.TryWriteError(response, request.TransactionId, request.Method, code, authenticated, localPasswordKey, out responseLength);
}
