namespace Sfu.Actors.Runtime;

/// <summary>
/// Base of every actor. Instances are built by the runtime from <see cref="Props"/>, never with <c>new</c>
/// elsewhere: the constructor binds the instance to the cell that is building it.
/// </summary>
public abstract class ActorBase
{
    private SupervisorStrategy? _supervisorStrategy;

    protected ActorBase()
    {
        Cell = ActorCell.UnderConstruction ?? throw new InvalidOperationException(
            $"{GetType().Name} must be created by the actor system (ActorOf with Props), not with new.");
    }

    protected IActorContext Context => Cell;

    protected IActorRef Self => Cell.Self;

    /// <summary>The sender of the message being handled.</summary>
    protected IActorRef Sender => Cell.Sender;

    internal ActorCell Cell { get; }

    internal SupervisorStrategy SupervisorStrategyInternal =>
        _supervisorStrategy ??= Cell.Props.SupervisorStrategy ?? SupervisorStrategy();

    /// <summary>Handles a message; returns false when it is not handled, which calls <see cref="Unhandled"/>.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Logs the message at Debug and publishes it as an <see cref="UnhandledMessage"/> dead letter.</summary>
    protected virtual void Unhandled(object message) => Cell.System.PublishUnhandled(message, Sender, Self);

    protected virtual void PreStart()
    {
    }

    protected virtual void PostStop()
    {
    }

    /// <summary>On the failed instance before it is replaced. Default (as Akka): stop all children, then PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>On the new instance after a restart. Default: PreStart.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children; asked once per instance.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Runtime.SupervisorStrategy.DefaultStrategy;

    /// <summary>Called once the constructor has returned (ReceiveActor freezes its initial handlers here).</summary>
    internal virtual void OnConstructed()
    {
    }

    internal bool InvokeReceive(object message) => Receive(message);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
}
