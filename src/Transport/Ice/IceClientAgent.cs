using System.Security.Cryptography;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Ice;

/// <summary>
/// A controlling ICE agent reduced to what a test or a load generator needs against our ICE-lite server: it sends
/// Binding checks (RFC 8445 §7.2.2) with USERNAME "remoteUfrag:localUfrag", PRIORITY, ICE-CONTROLLING,
/// USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the remote password and FINGERPRINT; retransmits them on the
/// RFC 8489 §6.2.1 schedule; and matches and authenticates the answers. One check is pending at a time; time is
/// passed in as milliseconds. Not thread-safe: one owner.
/// </summary>
public sealed class IceClientAgent
{
    /// <summary>RFC 8489 §6.2.1 recommends an initial RTO of 500 ms (more than 500 ms is also fine).</summary>
    public const int DefaultInitialRtoMs = 500;

    /// <summary>RFC 8489 §6.2.1: Rc, transmissions in total.</summary>
    public const int DefaultMaxTransmissions = 7;

    /// <summary>RFC 8489 §6.2.1: Rm, after the last transmission wait Rm × RTO before giving up.</summary>
    public const int FinalWaitMultiplier = 16;

    /// <summary>Room for any request built here with a ufrag pair of up to 256 + 256 characters.</summary>
    public const int MaxRequestLength = 20 + 4 + 516 + 8 + 12 + 4 + 24 + 8;

    private readonly byte[] username;
    private readonly byte[] remotePasswordKey;
    private readonly byte[] transactionId = new byte[StunConstants.TransactionIdLength];
    private readonly int initialRtoMs;
    private readonly int maxTransmissions;
    private bool pending;
    private int transmissions;
    private int currentRtoMs;
    private long nextTimerMs;

    public IceClientAgent(
        IceCredentials local,
        IceCredentials remote,
        uint priority,
        ulong? tieBreaker = null,
        int initialRtoMs = DefaultInitialRtoMs,
        int maxTransmissions = DefaultMaxTransmissions)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialRtoMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTransmissions, 1);
        LocalCredentials = local;
        RemoteCredentials = remote;
        Priority = priority;
        TieBreaker = tieBreaker ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        username = IceCredentials.CheckUsername(remote, local);
        remotePasswordKey = remote.PasswordKey();
        this.initialRtoMs = initialRtoMs;
        this.maxTransmissions = maxTransmissions;
    }

    public IceCredentials LocalCredentials { get; }

    public IceCredentials RemoteCredentials { get; }

    /// <summary>PRIORITY sent in every check (RFC 8445 §7.1.1).</summary>
    public uint Priority { get; }

    /// <summary>ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3).</summary>
    public ulong TieBreaker { get; }

    /// <summary>Whether checks carry USE-CANDIDATE (aggressive-style nomination); true by default.</summary>
    public bool UseCandidate { get; set; } = true;

    public bool IsCheckPending => pending;

    /// <summary>When <see cref="OnTimer"/> next has something to do; null when no check is pending.</summary>
    public long? NextTimerMs => pending ? nextTimerMs : null;

    /// <summary>Transmissions of the pending check so far, the first included.</summary>
    public int Transmissions => transmissions;

    /// <summary>
    /// Starts a new check (a fresh transaction id; a check still pending is abandoned) and writes its first
    /// transmission. False when the buffer is too small (<see cref="MaxRequestLength"/> always suffices).
    /// </summary>
    public bool TryStartCheck(long nowMs, Span<byte> destination, out int length)
    {
        RandomNumberGenerator.Fill(transactionId);
        if (!TryWriteRequest(destination, out length))
        {
            pending = false;
            return false;
        }

        pending = true;
        transmissions = 1;
        currentRtoMs = initialRtoMs;
        nextTimerMs = nowMs + currentRtoMs;
        return true;
    }

    /// <summary>
    /// Drives retransmission: 0, RTO, 3·RTO, 7·RTO… after the start, the interval doubling each time, then a
    /// final wait of Rm·RTO after the last of Rc transmissions (RFC 8489 §6.2.1).
    /// </summary>
    public IceClientTimerResult OnTimer(long nowMs, Span<byte> destination, out int length)
    {
        length = 0;
        if (!pending || nowMs < nextTimerMs)
        {
            return IceClientTimerResult.Idle;
        }

        if (transmissions >= maxTransmissions)
        {
            pending = false;
            return IceClientTimerResult.TimedOut;
        }

        if (!TryWriteRequest(destination, out length))
        {
            return IceClientTimerResult.Idle;
        }

        transmissions++;
        currentRtoMs *= 2;
        nextTimerMs = transmissions == maxTransmissions
            ? nowMs + ((long)initialRtoMs * FinalWaitMultiplier)
            : nowMs + currentRtoMs;
        return IceClientTimerResult.Retransmit;
    }

    /// <summary>Matches a received datagram against the pending check and authenticates it.</summary>
    public IceClientResponse HandleResponse(ReadOnlySpan<byte> datagram)
    {
        if (!pending
            || !StunMessage.TryParse(datagram, out StunMessage message)
            || message.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse)
            || message.Method != StunMethod.Binding
            || !message.TransactionId.SequenceEqual(transactionId))
        {
            return new IceClientResponse(IceClientResponseKind.NotMatched);
        }

        // A response carrying MESSAGE-INTEGRITY must verify; a success must carry it. Error responses to requests
        // the server could not authenticate (400, 401) cannot carry it and are accepted as they are (§9.1.5).
        bool integrityRequired = message.Class == StunClass.SuccessResponse || message.HasMessageIntegrity;
        if (integrityRequired && !message.VerifyMessageIntegrity(remotePasswordKey))
        {
            return new IceClientResponse(IceClientResponseKind.Discarded);
        }

        if (message.Class == StunClass.ErrorResponse)
        {
            pending = false;
            return new IceClientResponse(IceClientResponseKind.Error, errorCode: message.ErrorCode);
        }

        if (!message.TryGetXorMappedAddress(out var address, out ushort port))
        {
            return new IceClientResponse(IceClientResponseKind.Discarded);
        }

        pending = false;
        return new IceClientResponse(IceClientResponseKind.Success, address, port);
    }

    /// <summary>Forgets the pending check, e.g. when the caller tears down.</summary>
    public void Cancel() => pending = false;

    private bool TryWriteRequest(Span<byte> destination, out int length)
    {
        var writer = new StunMessageWriter(destination, StunClass.Request, StunMethod.Binding, transactionId);
        writer.AppendUsername(username);
        writer.AppendPriority(Priority);
        writer.AppendIceControlling(TieBreaker);
        if (UseCandidate)
        {
            writer.AppendUseCandidate();
        }

        writer.AppendMessageIntegrity(remotePasswordKey);
        writer.AppendFingerprint();
        return writer.TryComplete(out length);
    }
}
