using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

public class MediaWorkerLoopTests
{
    [Fact]
    public async Task Posted_items_run_on_the_loop_thread_in_the_order_each_thread_posted_them()
    {
        using var loop = new MediaWorkerLoop();
        var seen = new ConcurrentQueue<(int Poster, int Index, bool OnLoop)>();
        const int PerPoster = 500;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(poster => Task.Run(() =>
        {
            for (int i = 0; i < PerPoster; i++)
            {
                int index = i;
                loop.Post(new ActionItem(() => seen.Enqueue((poster, index, loop.IsOwnerThread))));
            }
        })));
        await loop.InvokeAsync(() => { });

        seen.Should().HaveCount(4 * PerPoster);
        seen.Should().OnlyContain(s => s.OnLoop);
        foreach (IGrouping<int, (int Poster, int Index, bool OnLoop)> poster in seen.GroupBy(s => s.Poster))
        {
            poster.Select(s => s.Index).Should().BeInAscendingOrder();
        }
    }

    [Fact]
    public async Task An_item_that_throws_is_reported_and_the_loop_goes_on()
    {
        var errors = new ConcurrentQueue<Exception>();
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { OnError = errors.Enqueue });

        loop.Post(new ActionItem(() => throw new InvalidOperationException("boom")));
        int answer = await loop.InvokeAsync(() => 42);

        answer.Should().Be(42);
        errors.Should().ContainSingle().Which.Message.Should().Be("boom");
        loop.Errors.Should().Be(1);
    }

    [Fact]
    public async Task InvokeAsync_hands_back_the_exception_of_the_function()
    {
        using var loop = new MediaWorkerLoop();

        Func<Task> call = () => loop.InvokeAsync<int>(() => throw new FormatException("bad"));

        await call.Should().ThrowAsync<FormatException>();
    }

    [Fact]
    public async Task Timers_run_in_due_order_on_the_loop_clock_and_cancelled_ones_never_run()
    {
        var clock = new ManualTimeProvider();
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { Time = clock });
        var fired = new ConcurrentQueue<string>();

        await loop.InvokeAsync(() =>
        {
            loop.ScheduleTimer(300, new RecordingTimer("c", fired, loop));
            loop.ScheduleTimer(100, new RecordingTimer("a", fired, loop));
            WorkerTimerHandle cancelled = loop.ScheduleTimer(150, new RecordingTimer("x", fired, loop));
            loop.ScheduleTimer(200, new RecordingTimer("b", fired, loop));
            loop.CancelTimer(cancelled).Should().BeTrue();
            loop.CancelTimer(cancelled).Should().BeFalse("a timer is cancelled once");
        });

        clock.Advance(TimeSpan.FromMilliseconds(250));
        await loop.InvokeAsync(() => { });
        fired.Should().Equal("a", "b");

        clock.Advance(TimeSpan.FromMilliseconds(100));
        await loop.InvokeAsync(() => { });
        fired.Should().Equal("a", "b", "c");
        (await loop.InvokeAsync(() => loop.PendingTimers)).Should().Be(0);
    }

    [Fact]
    public async Task A_timer_wakes_a_sleeping_loop_on_the_system_clock()
    {
        using var loop = new MediaWorkerLoop();
        var fired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        await loop.InvokeAsync(() => loop.ScheduleTimer(loop.NowMs + 20, new CallbackTimer(() => fired.TrySetResult(loop.IsOwnerThread))));

        (await fired.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
    }

    [Fact]
    public async Task An_idle_loop_sleeps_instead_of_spinning()
    {
        using var loop = new MediaWorkerLoop();
        await loop.InvokeAsync(() => { });
        long turnsBefore = loop.Turns;

        await Task.Delay(200);

        // A spinning or 1 ms polling loop would have turned hundreds of times.
        (loop.Turns - turnsBefore).Should().BeLessThan(5);
    }

    [Fact]
    public async Task Owner_only_members_throw_on_other_threads()
    {
        using var loop = new MediaWorkerLoop();

        loop.IsOwnerThread.Should().BeFalse();
        ((Action)(() => loop.ScheduleTimer(0, new CallbackTimer(() => { })))).Should().Throw<InvalidOperationException>();
        ((Action)loop.VerifyOwnerThread).Should().Throw<InvalidOperationException>();
        (await loop.InvokeAsync(() => loop.IsOwnerThread)).Should().BeTrue();
    }

    [Fact]
    public async Task Dispose_joins_the_thread_closes_the_worker_sockets_and_drops_later_posts()
    {
        var loop = new MediaWorkerLoop(workerSettings: Support.LoopbackWorker);
        ushort port = loop.WorkerSocket!.Port;
        await loop.InvokeAsync(() => { });

        loop.Dispose();

        using (var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port)); // free again
        }

        bool ran = false;
        loop.Post(new ActionItem(() => ran = true));
        Func<Task> late = () => loop.InvokeAsync(() => 1);
        await late.Should().ThrowAsync<TaskCanceledException>();
        ran.Should().BeFalse();
        loop.Dispose(); // idempotent
    }

    [Fact]
    public async Task Udp_datagrams_reach_the_demultiplexer_and_garbage_is_counted()
    {
        using var loop = new MediaWorkerLoop(workerSettings: Support.LoopbackWorker);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, loop.WorkerSocket!.Port);

        peer.SendTo(new byte[] { 0x50, 1, 2, 3 }, target); // first byte 80: nobody's
        peer.SendTo(new byte[] { 0x11, 1 }, target); // ZRTP
        peer.SendTo(Array.Empty<byte>(), target);

        await Support.EventuallyAsync(() => loop.Demultiplexer.Counters.TotalDropped == 3);
        loop.Demultiplexer.Counters.Dropped(DemuxDropReason.UnknownKind).Should().Be(2);
        loop.Demultiplexer.Counters.Dropped(DemuxDropReason.Zrtp).Should().Be(1);
        loop.Errors.Should().Be(0);
    }

    [Fact]
    public async Task Tcp_connections_beyond_the_limit_are_closed_on_accept()
    {
        using var loop = new MediaWorkerLoop(workerSettings: Support.LoopbackWorker with { MaxTcpConnections = 1 });
        var target = new IPEndPoint(IPAddress.Loopback, loop.WorkerSocket!.Port);
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        await first.ConnectAsync(target);
        await Support.EventuallyAsync(() => loop.TcpConnectionsAccepted == 1);
        await second.ConnectAsync(target);
        await Support.EventuallyAsync(() => loop.TcpConnectionsRejected == 1);

        int read = await second.ReceiveAsync(new byte[1]).WaitAsync(TimeSpan.FromSeconds(30));
        read.Should().Be(0, "the worker closed the connection");
        loop.TcpConnectionCount.Should().Be(1);

        first.Close();
        await Support.EventuallyAsync(() => loop.TcpConnectionCount == 0);
    }

    [Fact]
    public async Task Tcp_frames_are_reassembled_and_oversized_ones_dropped()
    {
        using var loop = new MediaWorkerLoop(workerSettings: Support.LoopbackWorker with { MaxTcpFrameLength = 100 });
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, loop.WorkerSocket!.Port));

        var stream = new List<byte>();
        stream.AddRange([0, 4, 0x50, 0, 0, 0]); // 4-byte frame of an unknown kind
        stream.AddRange([0, 200]);
        stream.AddRange(new byte[200]); // too large for this worker
        stream.AddRange([0, 2, 0x11, 0]); // ZRTP
        byte[] bytes = [.. stream];
        foreach (byte b in bytes)
        {
            await peer.SendAsync(new[] { b }); // one byte at a time: every frame straddles reads
        }

        await Support.EventuallyAsync(() => loop.Demultiplexer.Counters.TotalDropped == 2);
        loop.Demultiplexer.Counters.Dropped(DemuxDropReason.UnknownKind).Should().Be(1);
        loop.Demultiplexer.Counters.Dropped(DemuxDropReason.Zrtp).Should().Be(1);
        TcpMediaConnection? connection = await loop.InvokeAsync(() =>
        {
            loop.TryGetTcpConnection(TransportTuple.FromEndPoint((IPEndPoint)peer.LocalEndPoint!, TransportProtocol.Tcp), out TcpMediaConnection? found);
            return found;
        });
        connection!.FramesTooLarge.Should().Be(1);
    }

    private sealed class CallbackTimer(Action action) : IWorkerTimer
    {
        public void OnTimer(long nowMs) => action();
    }

    private sealed class RecordingTimer(string name, ConcurrentQueue<string> fired, MediaWorkerLoop loop) : IWorkerTimer
    {
        public void OnTimer(long nowMs)
        {
            loop.IsOwnerThread.Should().BeTrue();
            fired.Enqueue(name);
        }
    }
}
