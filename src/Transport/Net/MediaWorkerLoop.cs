using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// A media worker's thread (DESIGN.md, media plane): it owns the worker's UDP socket and TCP listener, the
/// demultiplexer, every channel, a timer queue and an inbox. Each turn it runs due timers, then posted items,
/// then blocks in <c>Socket.Select</c> on all its sockets until a packet, the next timer, or a post wakes it (a
/// datagram to a private loopback socket), then reads a bounded batch from each ready socket. Nothing spins and
/// nothing polls on a fixed period.
/// <para>
/// Everything registered on the loop belongs to its thread: call it from posted items, timers or receivers,
/// where <see cref="IsOwnerThread"/> holds. <see cref="Post"/>, <see cref="InvokeAsync{T}"/> and
/// <see cref="Dispose"/> are the doors from other threads. An exception thrown by an item, a timer or a receiver
/// goes to <see cref="MediaWorkerLoopOptions.OnError"/> and the loop goes on, except a fatal one (<see cref="IsFatal"/>)
/// or a fault of the loop itself: then the thread ends, its sockets close, and
/// <see cref="MediaWorkerLoopOptions.OnFailed"/> is told, so that the owner can replace the worker.
/// </para>
/// <para>
/// <c>Socket.Select</c> is poll(2) on Unix (no FD_SETSIZE limit) and keeps its poll array on the stack up to 79
/// sockets; past that (many ICE-TCP connections) each turn allocates one small array, never one per packet.
/// </para>
/// </summary>
public sealed partial class MediaWorkerLoop : IDisposable
{
    /// <summary>Room for the largest UDP datagram, so that a read never truncates.</summary>
    private const int ReceiveBufferLength = 65536;

    private const int TcpChunkLength = 16384;

    /// <summary>Send backlog of a client's own ICE-TCP connection (a test or load generator may burst).</summary>
    private const int ClientTcpBacklog = 4 * 1024 * 1024;

    private readonly MediaWorkerLoopOptions options;
    private readonly ConcurrentQueue<IThreadPoolWorkItem> inbox = new();
    private readonly WorkerTimerQueue timers = new();
    private readonly WakeSignal wake = new();
    private readonly Thread thread;
    private readonly long startTimestamp;
    private readonly List<PacketChannel> channels = [];
    private readonly Dictionary<Socket, PacketChannel> channelBySocket = new(ReferenceEqualityComparer.Instance);
    private readonly List<Socket> readList = [];
    private readonly List<Socket> writeList = [];
    private readonly List<PacketChannel> channelsToFlush = [];
    private readonly Dictionary<TransportTuple, TcpMediaConnection> tcpConnections = [];
    private volatile bool stopping;
    private volatile bool shutDown;
    private long errors;
    private long tcpAccepted;
    private long tcpRejected;
    private long turns;
    private int tcpConnectionCount;
    private LinuxReceiveBatch? receiveSlots;

    /// <param name="options">Clock, name, error sink; defaults when null.</param>
    /// <param name="workerSettings">
    /// When given, binds the worker's UDP socket and TCP listener (<see cref="MediaWorkerSocket.Bind"/>) and feeds
    /// them to <see cref="Demultiplexer"/>; a client-side loop passes null and opens its own channels.
    /// </param>
    public MediaWorkerLoop(MediaWorkerLoopOptions? options = null, MediaWorkerSettings? workerSettings = null)
    {
        this.options = options ?? new MediaWorkerLoopOptions();
        this.options.Validate();
        SendFilter = this.options.SendFilter;
        Chunks = new ChunkPool(this.options.PooledChunkBytes);
        startTimestamp = this.options.Time.GetTimestamp();
        try
        {
            if (workerSettings is not null)
            {
                WorkerSocket = MediaWorkerSocket.Bind(workerSettings);
                WorkerUdp = new UdpPacketChannel(this, WorkerSocket.Udp, Demultiplexer, this.options.UdpReceiveBatch, this.options.UdpSendBatch);
                Register(WorkerUdp);
            }
        }
        catch
        {
            wake.Dispose();
            throw;
        }

        thread = new Thread(Run) { IsBackground = true, Name = this.options.Name };
        thread.Start();
    }

    /// <summary>The worker's bound sockets; null on a client-side loop.</summary>
    public MediaWorkerSocket? WorkerSocket { get; }

    /// <summary>The channel of the worker's UDP socket; null on a client-side loop.</summary>
    public UdpPacketChannel? WorkerUdp { get; }

    /// <summary>Where the worker socket and accepted TCP connections deliver.</summary>
    public MediaDemultiplexer Demultiplexer { get; } = new();

    public bool IsOwnerThread => Environment.CurrentManagedThreadId == thread.ManagedThreadId;

    /// <summary>Milliseconds on the loop clock since the loop was created.</summary>
    public long NowMs => (long)options.Time.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public TimeProvider Time => options.Time;

    /// <summary>Loses packets on every channel's send path; owner thread.</summary>
    public IPacketSendFilter? SendFilter { get; set; }

    /// <summary>Exceptions thrown by items, timers and receivers, caught and reported (and the one that ended the loop).</summary>
    public long Errors => Interlocked.Read(ref errors);

    /// <summary>False once the loop stopped: disposed, or ended by <see cref="Failure"/>.</summary>
    public bool IsRunning => !stopping;

    /// <summary>What ended the loop's thread, when it did not stop by <see cref="Dispose"/>.</summary>
    public Exception? Failure { get; private set; }

    public long TcpConnectionsAccepted => Interlocked.Read(ref tcpAccepted);

    /// <summary>Connections closed on accept because <see cref="MediaWorkerSettings.MaxTcpConnections"/> were open.</summary>
    public long TcpConnectionsRejected => Interlocked.Read(ref tcpRejected);

    public int TcpConnectionCount => Volatile.Read(ref tcpConnectionCount);

    /// <summary>Times the loop woke up, for tests and benchmarks that check it sleeps when idle.</summary>
    public long Turns => Interlocked.Read(ref turns);

    public int PendingTimers => timers.Count;

    internal byte[] ReceiveBuffer { get; } = new byte[ReceiveBufferLength];

    /// <summary>
    /// The slots UDP channels read into with recvmmsg, shared like <see cref="ReceiveBuffer"/> (a channel is read and
    /// its datagrams delivered before the next is read); null when each datagram is read with its own recvfrom.
    /// Created on the first read. Owner thread.
    /// </summary>
    internal LinuxReceiveBatch? UdpReceiveSlots =>
        options.UdpReceiveSlots > 1 && LinuxDatagrams.IsAvailable
            ? receiveSlots ??= new LinuxReceiveBatch(options.UdpReceiveSlots)
            : null;

    internal byte[] TcpChunkBuffer { get; } = new byte[TcpChunkLength];

    /// <summary>The chunks the retransmission rings of this worker's streams grow by and give back. Owner thread.</summary>
    public ChunkPool Chunks { get; }

    internal byte[] SendScratchBuffer { get; } = new byte[Rfc4571Framer.HeaderLength + Rfc4571Framer.MaxFrameLength];

    /// <summary>Throws unless called on the loop's thread: the guard of every owner-only member.</summary>
    public void VerifyOwnerThread()
    {
        if (Environment.CurrentManagedThreadId != thread.ManagedThreadId)
        {
            ThrowNotOwner();
        }
    }

    /// <summary>
    /// Runs <paramref name="item"/> on the loop thread, after what is already queued. Any thread. Items posted
    /// once the loop stopped (disposed or failed) never run here: they go to
    /// <see cref="MediaWorkerLoopOptions.OrphanedItems"/>.
    /// </summary>
    public void Post(IThreadPoolWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (stopping)
        {
            Orphan(item);
            return;
        }

        inbox.Enqueue(item);
        if (shutDown)
        {
            // Stopped while we were enqueueing: nobody will run it, so do not leave an InvokeAsync waiting.
            CancelQueuedItems();
        }
        else if (!IsOwnerThread)
        {
            wake.Signal();
        }
    }

    /// <summary>Runs a function on the loop thread and hands back its result; for set-up paths and tests (allocates).</summary>
    public Task<T> InvokeAsync<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var item = new InvokeItem<T>(function);
        if (stopping)
        {
            item.Cancel();
        }
        else
        {
            Post(item);
        }

        return item.Task;
    }

    public Task InvokeAsync(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return InvokeAsync(() =>
        {
            action();
            return true;
        });
    }

    /// <summary>Runs <paramref name="timer"/> on the loop thread once <see cref="NowMs"/> reaches <paramref name="dueMs"/>. Owner thread.</summary>
    public WorkerTimerHandle ScheduleTimer(long dueMs, IWorkerTimer timer)
    {
        VerifyOwnerThread();
        return timers.Schedule(dueMs, timer);
    }

    /// <summary>True when the timer was pending and will not run. Owner thread.</summary>
    public bool CancelTimer(WorkerTimerHandle handle)
    {
        VerifyOwnerThread();
        return timers.Cancel(handle);
    }

    /// <summary>The open ICE-TCP connection to <paramref name="remote"/>, if any. Owner thread.</summary>
    public bool TryGetTcpConnection(in TransportTuple remote, out TcpMediaConnection? connection)
    {
        VerifyOwnerThread();
        return tcpConnections.TryGetValue(remote, out connection);
    }

    /// <summary>
    /// Stops the loop: waits for the thread to leave (unless called on it), then every socket is closed. Posted
    /// items still queued are dropped; <see cref="InvokeAsync{T}"/> tasks among them are cancelled.
    /// </summary>
    public void Dispose()
    {
        if (stopping)
        {
            return;
        }

        stopping = true;
        wake.Signal();
        if (!IsOwnerThread)
        {
            thread.Join();
        }
    }

    /// <summary>
    /// Exceptions no handler may swallow: the worker's state can no longer be trusted, so the loop ends and its owner
    /// replaces it.
    /// </summary>
    public static bool IsFatal(Exception error) => error is OutOfMemoryException or InsufficientExecutionStackException;

    internal void ReportError(Exception error)
    {
        Interlocked.Increment(ref errors);
        try
        {
            options.OnError?.Invoke(error);
        }
        catch (Exception)
        {
            // The error sink failed too; the count above still shows it.
        }
    }

    private static void ThrowNotOwner() =>
        throw new InvalidOperationException("This member belongs to the media worker's thread; use Post to reach it.");

    private interface IInvokeItem
    {
        void Cancel();
    }

    private sealed class InvokeItem<T>(Func<T> function) : IThreadPoolWorkItem, IInvokeItem
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => completion.Task;

        public void Execute()
        {
            try
            {
                completion.TrySetResult(function());
            }
            catch (Exception error)
            {
                completion.TrySetException(error);
            }
        }

        public void Cancel() => completion.TrySetCanceled();
    }
}
