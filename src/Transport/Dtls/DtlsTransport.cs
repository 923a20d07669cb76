using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// Adapts BouncyCastle's blocking <see cref="DatagramTransport"/> to datagrams pushed by the socket layer.
/// <see cref="OnDatagram"/> (socket thread) copies into a bounded queue; <see cref="Receive"/> (the thread running
/// BouncyCastle) blocks on that queue with BouncyCastle's timeout, so retransmission timers fire on time without
/// polling. <see cref="Send"/> hands records to the send callback, which must accept calls from any thread.
/// </summary>
public sealed class DtlsTransport : DatagramTransport
{
    /// <summary>
    /// Largest datagram we send. Handshake messages are fragmented to fit, which keeps a certificate flight under
    /// typical path MTUs once IP, UDP and TURN/TCP framing are added.
    /// </summary>
    public const int SendLimit = 1200;

    /// <summary>Largest datagram we accept (an Ethernet MTU); longer ones are truncated and then rejected by the record layer.</summary>
    public const int ReceiveLimit = 1500;

    private static readonly Action<Span<byte>> RewriteClientHello = static datagram => DtlsDatagram.RewriteClientHelloVersion(datagram);

    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly DatagramQueue _queue;
    private readonly Action<Span<byte>>? _fixUp;
    private long _accepted;
    private long _dropped;
    private long _malformed;
    private int _closed;
    private int _aborted;

    /// <param name="role">In the server role, epoch-0 ClientHello records get the version fix (see <see cref="DtlsDatagram.RewriteClientHelloVersion"/>).</param>
    /// <param name="send">Sends one datagram to the peer; called from the handshake pool and post-handshake pump.</param>
    /// <param name="queueCapacity">Datagrams held while nobody receives; more are dropped.</param>
    public DtlsTransport(DtlsRole role, Action<ReadOnlySpan<byte>> send, int queueCapacity = 64)
    {
        ArgumentNullException.ThrowIfNull(send);
        _send = send;
        _queue = new DatagramQueue(queueCapacity);
        _fixUp = role == DtlsRole.Server ? RewriteClientHello : null;
    }

    /// <summary>Datagrams queued and not yet received.</summary>
    public int PendingDatagrams => _queue.Count;

    /// <summary>Datagrams accepted into the queue so far.</summary>
    public long AcceptedDatagrams => Interlocked.Read(ref _accepted);

    /// <summary>Well-formed datagrams dropped because the queue was full or the transport closed.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams rejected because they are not a sequence of DTLS records.</summary>
    public long MalformedDatagrams => Interlocked.Read(ref _malformed);

    /// <summary>True once BouncyCastle closed the transport (after close_notify or a fatal alert) or it was aborted.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0 || Volatile.Read(ref _aborted) != 0;

    /// <summary>True when BouncyCastle itself closed the transport, as it does on receiving close_notify or a fatal alert.</summary>
    internal bool ClosedByProtocol => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Queues a copy of a datagram from the peer. Never throws; returns false when the datagram was dropped
    /// (malformed, queue full, or closed).
    /// </summary>
    public bool OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > ReceiveLimit || !DtlsDatagram.IsWellFormed(datagram))
        {
            Interlocked.Increment(ref _malformed);
            return false;
        }

        if (!_queue.TryAdd(datagram, _fixUp))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        Interlocked.Increment(ref _accepted);
        return true;
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    /// <summary>
    /// Blocks up to <paramref name="waitMillis"/> (0 = no limit, as with a socket) for the next datagram.
    /// Returns its length or -1 on timeout. Throws once the transport is closed or aborted: BouncyCastle would
    /// otherwise keep calling until its own deadline, spinning on an empty queue.
    /// </summary>
    public int Receive(byte[] buf, int off, int len, int waitMillis)
    {
        int received = _queue.Take(buf.AsSpan(off, len), waitMillis);
        if (received == DatagramQueue.QueueClosed)
        {
            // user_canceled (RFC 5246 §7.2.2): we gave up on this association, not the peer.
            throw new TlsFatalAlert(AlertDescription.user_canceled);
        }

        return received;
    }

    public void Send(byte[] buf, int off, int len)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        _send(buf.AsSpan(off, len));
    }

    /// <summary>Called by BouncyCastle when the association ends. Nothing is sent or received afterwards.</summary>
    public void Close()
    {
        Volatile.Write(ref _closed, 1);
        _queue.Close();
    }

    /// <summary>
    /// Makes a blocked or later <see cref="Receive"/> throw, so a handshake thread gives up promptly (timeout or
    /// local close). Sending stays possible so BouncyCastle can still tell the peer with an alert.
    /// </summary>
    internal void Abort()
    {
        Volatile.Write(ref _aborted, 1);
        _queue.Close();
    }
}
