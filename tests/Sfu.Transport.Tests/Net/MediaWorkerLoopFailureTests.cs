using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

/// <summary>
/// A worker loop swallows the bugs of its handlers but not a fatal exception: then its thread ends, its sockets close,
/// its owner is told once, and what is posted later is handed back rather than lost (issue 4, Deliver 7).
/// </summary>
public class MediaWorkerLoopFailureTests
{
    [Fact]
    public async Task A_fatal_exception_ends_the_loop_closes_its_sockets_and_tells_the_owner_once()
    {
        var failures = new ConcurrentQueue<Exception>();
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new MediaWorkerLoop(
            new MediaWorkerLoopOptions { OnFailed = e => { failures.Enqueue(e); told.TrySetResult(); } }, Support.LoopbackWorker);
        ushort port = loop.WorkerSocket!.Port;
        var fatal = new InsufficientExecutionStackException("injected");

        loop.Post(new ActionItem(() => throw fatal));

        await told.Task.WaitAsync(TimeSpan.FromSeconds(30));
        failures.Should().ContainSingle().Which.Should().BeSameAs(fatal);
        loop.Failure.Should().BeSameAs(fatal);
        loop.IsRunning.Should().BeFalse();
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, port)); // the worker's port is free again
    }

    [Fact]
    public async Task A_fatal_exception_in_a_timer_ends_the_loop_too()
    {
        var told = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { OnFailed = e => told.TrySetResult(e) });

        await loop.InvokeAsync(() => loop.ScheduleTimer(loop.NowMs, new FatalTimer()));

        (await told.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeOfType<OutOfMemoryException>();
        loop.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task Items_posted_to_a_stopped_loop_go_to_the_orphan_sink_and_invocations_are_cancelled()
    {
        var orphans = new ConcurrentQueue<IThreadPoolWorkItem>();
        var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { OrphanedItems = orphans.Enqueue });
        await loop.InvokeAsync(() => { });
        loop.Dispose();
        var item = new ActionItem(() => { });

        loop.Post(item);
        Func<Task> invocation = () => loop.InvokeAsync(() => 1);

        orphans.Should().ContainSingle().Which.Should().BeSameAs(item);
        await invocation.Should().ThrowAsync<TaskCanceledException>();
    }

    private sealed class FatalTimer : IWorkerTimer
    {
        public void OnTimer(long nowMs) => throw new OutOfMemoryException("injected");
    }
}
