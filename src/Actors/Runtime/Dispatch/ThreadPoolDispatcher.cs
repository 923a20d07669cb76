namespace Sfu.Actors.Runtime;

/// <summary>The default dispatcher: mailboxes run on the .NET thread pool.</summary>
public sealed class ThreadPoolDispatcher : IDispatcher
{
    public static readonly ThreadPoolDispatcher Instance = new();

    private ThreadPoolDispatcher()
    {
    }

    // UnsafeQueueUserWorkItem: mailbox runs must not capture the sender's ExecutionContext (AsyncLocals of a
    // request would leak into unrelated actors), and queuing an IThreadPoolWorkItem allocates nothing.
    // The global queue (preferLocal: false) keeps one busy actor from starving the others of its worker thread.
    public void Schedule(IThreadPoolWorkItem work) => ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
}
