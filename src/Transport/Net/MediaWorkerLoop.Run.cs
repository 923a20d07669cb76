using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

public sealed partial class MediaWorkerLoop
{
    /// <summary>Opens a UDP socket of the loop bound to <paramref name="localEndPoint"/> whose packets all go to <paramref name="receiver"/>. Owner thread.</summary>
    public UdpPacketChannel OpenUdpChannel(IPEndPoint localEndPoint, IPacketReceiver receiver)
    {
        VerifyOwnerThread();
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentNullException.ThrowIfNull(receiver);
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(localEndPoint);
            socket.Blocking = false;
            var channel = new UdpPacketChannel(this, socket, receiver, options.UdpReceiveBatch, options.UdpSendBatch);
            Register(channel);
            return channel;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects to an ICE-TCP server (RFC 6544 active side) and reads its frames into <paramref name="receiver"/>.
    /// The connect blocks the loop briefly; meant for clients and tests. Owner thread.
    /// </summary>
    public TcpMediaConnection ConnectTcp(IPEndPoint remoteEndPoint, IPacketReceiver receiver, int maxFrameLength = Rfc4571Framer.MaxFrameLength)
    {
        VerifyOwnerThread();
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        ArgumentNullException.ThrowIfNull(receiver);
        var socket = new Socket(remoteEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(remoteEndPoint);
            var remote = TransportTuple.FromEndPoint(remoteEndPoint, TransportProtocol.Tcp);
            var connection = new TcpMediaConnection(this, socket, remote, receiver, maxFrameLength, ClientTcpBacklog);
            Register(connection);
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Has <paramref name="channel"/>'s queued sends flushed at the end of the current step. Owner thread.</summary>
    internal void FlushAfterStep(PacketChannel channel) => channelsToFlush.Add(channel);

    internal void Forget(PacketChannel channel)
    {
        channels.Remove(channel);
        channelBySocket.Remove(channel.Socket);
        if (channel is TcpMediaConnection connection && tcpConnections.Remove(connection.Remote))
        {
            Interlocked.Decrement(ref tcpConnectionCount);
        }
    }

    private void Register(PacketChannel channel)
    {
        channels.Add(channel);
        channelBySocket.Add(channel.Socket, channel);
    }

    private void Run()
    {
        Exception? failure = null;
        try
        {
            // The steps of a turn are never inlined here: this frame lives as long as the worker, and a reference an
            // inlined step left in one of its slots (the last timer's transport, the last item) would keep a closed
            // transport alive until some later turn overwrote it.
            while (!stopping)
            {
                Interlocked.Increment(ref turns);
                wake.Rearm();
                // Timers first, and only the items already queued before they ran: an item posted after the clock
                // moved then always finds the timers that were due by then already run. Later posts wait one turn.
                int queued = inbox.Count;
                RunDueTimers();
                FlushSends();
                RunPostedItems(Math.Min(queued, options.PostedItemBatch));
                FlushSends();
                if (stopping)
                {
                    break;
                }

                WaitAndDispatch(ComputeWaitMicroseconds());
            }
        }
        catch (Exception error)
        {
            // A fatal exception, or a fault of the loop itself: the thread ends here rather than take the process
            // with it, and the owner replaces the worker.
            failure = error;
            Failure = error;
            stopping = true;
        }
        finally
        {
            Shutdown();
        }

        if (failure is not null)
        {
            Interlocked.Increment(ref errors);
            try
            {
                options.OnFailed?.Invoke(failure);
            }
            catch (Exception)
            {
                // Nothing may escape this thread (it would end the process); Failure still tells what happened.
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Run: nothing it handled may stay on the loop's frame
    private void RunPostedItems(int count)
    {
        for (int i = 0; i < count && inbox.TryDequeue(out IThreadPoolWorkItem? item); i++)
        {
            try
            {
                item.Execute();
            }
            catch (Exception error) when (!IsFatal(error))
            {
                ReportError(error);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Run: nothing it handled may stay on the loop's frame
    private void RunDueTimers()
    {
        long now = NowMs;
        while (!stopping && timers.TryTakeDue(now, out IWorkerTimer timer))
        {
            try
            {
                timer.OnTimer(now);
            }
            catch (Exception error) when (!IsFatal(error))
            {
                ReportError(error);
            }
        }
    }

    private int ComputeWaitMicroseconds()
    {
        if (!inbox.IsEmpty)
        {
            return 0;
        }

        if (!timers.TryPeekDue(out long dueMs))
        {
            return -1; // nothing to do until a packet or a post arrives
        }

        long waitMs = dueMs - NowMs;
        return waitMs <= 0 ? 0 : (int)Math.Min(waitMs * 1000, int.MaxValue);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see Run: nothing it handled may stay on the loop's frame
    private void WaitAndDispatch(int timeoutMicroseconds)
    {
        readList.Clear();
        writeList.Clear();
        readList.Add(wake.Receiver);
        if (WorkerSocket is not null)
        {
            readList.Add(WorkerSocket.TcpListener);
        }

        foreach (PacketChannel channel in channels)
        {
            readList.Add(channel.Socket);
            if (channel.WantsWrite)
            {
                writeList.Add(channel.Socket);
            }
        }

        try
        {
            Socket.Select(readList, writeList.Count > 0 ? writeList : null, null, timeoutMicroseconds);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            ReportError(error);
            return;
        }

        // Select left only the ready sockets in the lists.
        foreach (Socket socket in readList)
        {
            if (ReferenceEquals(socket, wake.Receiver))
            {
                wake.Drain();
            }
            else if (WorkerSocket is not null && ReferenceEquals(socket, WorkerSocket.TcpListener))
            {
                AcceptTcp();
            }
            else if (channelBySocket.TryGetValue(socket, out PacketChannel? channel) && !channel.IsClosed)
            {
                ReadChannel(channel);
            }
        }

        foreach (Socket socket in writeList)
        {
            if (channelBySocket.TryGetValue(socket, out PacketChannel? channel) && !channel.IsClosed)
            {
                channel.OnWritable();
            }
        }

        FlushSends();
    }

    /// <summary>
    /// The end of a step: what its timers, items or packets queued on UDP sockets leaves now, one system call per
    /// socket (see <see cref="LinuxSendBatch"/>), before the loop moves on or waits.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // see Run: nothing it handled may stay on the loop's frame
    private void FlushSends()
    {
        for (int i = 0; i < channelsToFlush.Count; i++)
        {
            PacketChannel channel = channelsToFlush[i];
            if (!channel.IsClosed)
            {
                try
                {
                    channel.FlushSends();
                }
                catch (Exception error) when (!IsFatal(error))
                {
                    ReportError(error);
                }
            }
        }

        channelsToFlush.Clear();
    }

    private void ReadChannel(PacketChannel channel)
    {
        try
        {
            channel.OnReadable();
        }
        catch (Exception error) when (!IsFatal(error))
        {
            // Receivers' exceptions are caught per packet; reaching here is a socket failure: drop the channel,
            // except the worker's own UDP socket, which must live as long as the worker.
            ReportError(error);
            if (!ReferenceEquals(channel, WorkerUdp) && !channel.IsClosed)
            {
                channel.Close();
            }
        }
    }

    private void AcceptTcp()
    {
        Socket accepted;
        try
        {
            accepted = WorkerSocket!.TcpListener.Accept();
        }
        catch (SocketException)
        {
            return; // the peer gave up between readiness and accept
        }

        MediaWorkerSettings settings = WorkerSocket.Settings;
        if (tcpConnectionCount >= settings.MaxTcpConnections
            || accepted.RemoteEndPoint is not IPEndPoint remoteEndPoint)
        {
            Interlocked.Increment(ref tcpRejected);
            accepted.Dispose();
            return;
        }

        var remote = TransportTuple.FromEndPoint(remoteEndPoint, TransportProtocol.Tcp);
        var connection = new TcpMediaConnection(this, accepted, remote, Demultiplexer, settings.MaxTcpFrameLength, settings.MaxTcpSendBacklog);
        Register(connection);
        tcpConnections[remote] = connection;
        Interlocked.Increment(ref tcpConnectionCount);
        Interlocked.Increment(ref tcpAccepted);
    }

    private void CancelQueuedItems()
    {
        while (inbox.TryDequeue(out IThreadPoolWorkItem? item))
        {
            Orphan(item);
        }
    }

    /// <summary>An item this loop will never run: an invocation is cancelled, anything else goes to the orphan sink.</summary>
    private void Orphan(IThreadPoolWorkItem item)
    {
        if (item is IInvokeItem invoke)
        {
            invoke.Cancel();
        }
        else
        {
            options.OrphanedItems?.Invoke(item);
        }
    }

    private void Shutdown()
    {
        CancelQueuedItems();
        shutDown = true;
        CancelQueuedItems(); // what a racing Post enqueued before it could see the flag

        foreach (PacketChannel channel in channels.ToArray())
        {
            try
            {
                channel.Close();
            }
            catch (Exception error)
            {
                ReportError(error);
            }
        }

        timers.Clear();
        WorkerSocket?.Dispose();
        wake.Dispose();
    }
}
