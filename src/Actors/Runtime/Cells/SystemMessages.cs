namespace Sfu.Actors.Runtime;

/// <summary>
/// Messages between the runtime and a cell: lifecycle, supervision and death watch. They travel in the
/// mailbox's own queue, ahead of user messages, and are processed even while the actor is suspended.
/// </summary>
internal abstract class SystemMessage;

/// <summary>Build the first actor instance and run PreStart.</summary>
internal sealed class CreateActor : SystemMessage
{
    public static readonly CreateActor Instance = new();
}

/// <summary>Stop: children first, then PostStop, then tell watchers and the parent.</summary>
internal sealed class TerminateActor : SystemMessage
{
    public static readonly TerminateActor Instance = new();
}

/// <summary>The supervisor's Resume decision: keep the instance, continue with the next message.</summary>
internal sealed class ResumeActor : SystemMessage
{
    public static readonly ResumeActor Instance = new();
}

/// <summary>The supervisor's Restart decision: replace the instance, keep the mailbox.</summary>
internal sealed class RecreateActor(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>A child reports that it failed and waits, suspended, for this supervisor's decision.</summary>
internal sealed class ChildFailed(ActorCell child, Exception cause) : SystemMessage
{
    public ActorCell Child { get; } = child;

    public Exception Cause { get; } = cause;
}

/// <summary>Register <paramref name="watcher"/> with the watched actor that receives this.</summary>
internal sealed class AddWatcher(LocalActorRef watcher) : SystemMessage
{
    public LocalActorRef Watcher { get; } = watcher;
}

/// <summary>Forget <paramref name="watcher"/> (it unwatched or stopped).</summary>
internal sealed class RemoveWatcher(LocalActorRef watcher) : SystemMessage
{
    public LocalActorRef Watcher { get; } = watcher;
}

/// <summary>A watched actor (or a child) has terminated.</summary>
internal sealed class WatchedActorTerminated(IActorRef actor) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
}

/// <summary>Watch or unwatch on behalf of code outside the actor (the TestKit), run on the actor's thread.</summary>
internal sealed class WatchRequest(IActorRef subject, bool watch) : SystemMessage
{
    public IActorRef Subject { get; } = subject;

    public bool Watch { get; } = watch;
}

/// <summary>The continuation of an async handler, posted by the actor's synchronization context.</summary>
internal sealed class RunContinuation(ActorSynchronizationContext context, SendOrPostCallback callback, object? state)
    : SystemMessage
{
    public ActorSynchronizationContext Context { get; } = context;

    public SendOrPostCallback Callback { get; } = callback;

    public object? State { get; } = state;
}

/// <summary>The task of an async handler completed: user messages may flow again.</summary>
internal sealed class AsyncHandlerCompleted(ActorSynchronizationContext context, Task task) : SystemMessage
{
    public ActorSynchronizationContext Context { get; } = context;

    public Task Task { get; } = task;
}
