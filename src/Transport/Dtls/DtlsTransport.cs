using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// Adapts BouncyCastle's blocking <see cref="DatagramTransport"/> to datagrams pushed by the socket layer.
/// <see cref="OnDatagram"/> (socket thread) copies into a bounded queue; <see cref="Receive"/> (the thread running
/// BouncyCastle) blocks on that queue with BouncyCastle's timeout, so retransmission timers fire on time without
/// polling.
/// <para>
/// BouncyCastle hands over one record per <see cref="Send"/> call. We pack the records of a flight into as few
/// datagrams as the send limit allows (RFC 6347 §4.1.1 permits several records per datagram) and send them when
/// BouncyCastle turns to receiving, which it does after every flight, or on <see cref="Flush"/>/<see cref="Close"/>.
/// A server flight then travels in one datagram instead of five, so a lossy path loses whole flights far less
/// often and BouncyCastle's one-second retransmission timer fires less. The send callback must accept calls
/// from any thread; Send, Flush and Receive are called by one thread at a time (the one running BouncyCastle).
/// </para>
/// </summary>
public sealed class DtlsTransport : DatagramTransport
{
    /// <summary>
    /// Largest datagram we send. Handshake messages are fragmented to fit, which keeps a certificate flight under
    /// typical path MTUs once IP, UDP and TURN/TCP framing are added.
    /// </summary>
    public const int SendLimit = 1200;

    /// <summary>Largest datagram we accept (an Ethernet MTU); longer ones are counted as malformed and dropped.</summary>
    public const int ReceiveLimit = 1500;

    private static readonly Action<Span<byte>> RewriteClientHello = static datagram => DtlsDatagram.RewriteClientHelloVersion(datagram);

    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly DatagramQueue _queue;
    private readonly Action<Span<byte>>? _fixUp;
    private readonly byte[] _outgoing = new byte[SendLimit];
    private int _outgoingLength;
    private long _accepted;
    private long _dropped;
    private long _malformed;
    private int _closed;
    private int _aborted;

    /// <param name="role">In the server role, epoch-0 ClientHello records get the version fix (see <see cref="DtlsDatagram.RewriteClientHelloVersion"/>).</param>
    /// <param name="send">Sends one datagram to the peer; called from the handshake pool and the endpoint's post-handshake drain.</param>
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

    /// <summary>True when BouncyCastle closed the transport: after close_notify or a fatal alert either way.</summary>
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
        // BouncyCastle receives once its flight is written: time to put the flight on the wire.
        Flush();
        int received = _queue.Take(buf.AsSpan(off, len), waitMillis);
        if (received == DatagramQueue.QueueClosed)
        {
            // user_canceled (RFC 5246 §7.2.2): we gave up on this association, not the peer.
            throw new TlsFatalAlert(AlertDescription.user_canceled);
        }

        return received;
    }

    /// <summary>Queues one record for the next datagram, sending the queued ones first if it would not fit.</summary>
    public void Send(byte[] buf, int off, int len)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        if (_outgoingLength + len > SendLimit)
        {
            Flush();
        }

        if (len > SendLimit)
        {
            // BouncyCastle sizes records by GetSendLimit, so this does not happen; never truncate if it does.
            _send(buf.AsSpan(off, len));
            return;
        }

        buf.AsSpan(off, len).CopyTo(_outgoing.AsSpan(_outgoingLength));
        _outgoingLength += len;
    }

    /// <summary>Sends the records queued by <see cref="Send"/> as one datagram.</summary>
    public void Flush()
    {
        if (_outgoingLength == 0)
        {
            return;
        }

        int length = _outgoingLength;
        _outgoingLength = 0;
        if (Volatile.Read(ref _closed) == 0)
        {
            _send(_outgoing.AsSpan(0, length));
        }
    }

    /// <summary>
    /// Called by BouncyCastle when the association ends, right after its last alert. Sends what is queued, then
    /// nothing is sent or received any more.
    /// </summary>
    public void Close()
    {
        Flush();
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
