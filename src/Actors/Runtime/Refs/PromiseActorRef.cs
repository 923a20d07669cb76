namespace Sfu.Actors.Runtime;

/// <summary>
/// The temporary sender of an Ask: not an actor, just a reference whose first message completes a task.
/// A <see cref="Status.Failure"/> reply faults the task; the system's clock times it out.
/// </summary>
internal sealed class PromiseActorRef : InternalActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem? _system;
    private readonly IActorRef _target;
    private readonly Type _messageType;
    private readonly TimeSpan _timeout;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private ActorPath? _path;

    private PromiseActorRef(ActorSystem? system, IActorRef target, Type messageType, TimeSpan timeout)
    {
        _system = system;
        _target = target;
        _messageType = messageType;
        _timeout = timeout;
    }

    // Named lazily: most asks never show their path, and naming allocates.
    public override ActorPath Path => _path ??= _system?.NewTempPath() ?? ActorPath.Root("all-systems").Child("temp");

    public override ActorSystem? System => _system;

    internal Task<object> Reply => _reply.Task;

    internal static PromiseActorRef Start(
        ActorSystem? system, IActorRef target, Type messageType, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var promise = new PromiseActorRef(system, target, messageType, timeout);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            promise._timer = timeProvider.CreateTimer(
                static state => ((PromiseActorRef)state!).OnTimeout(), promise, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            promise._cancellation = cancellationToken.Register(
                static (state, token) => ((PromiseActorRef)state!).OnCanceled(token), promise);
        }

        return promise;
    }

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var completed = message is Status.Failure failure
            ? _reply.TrySetException(failure.Cause)
            : _reply.TrySetResult(message);
        if (completed)
        {
            Release();
        }
    }

    private void OnTimeout()
    {
        var timeout = new AskTimeoutException(
            $"Ask timed out on {_target.Path} after {_timeout.TotalMilliseconds:0.###} ms; message type {_messageType.FullName}.");
        if (_reply.TrySetException(timeout))
        {
            Release();
        }
    }

    private void OnCanceled(CancellationToken token)
    {
        if (_reply.TrySetCanceled(token))
        {
            Release();
        }
    }

    private void Release()
    {
        _timer?.Dispose();
        _cancellation.Dispose();
    }
}
