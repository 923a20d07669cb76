namespace Sfu.Actors.Runtime;

/// <summary>
/// An actor whose behaviour is a list of typed handlers, declared in the constructor (the first behaviour)
/// or in a <see cref="Become"/> configuration. The first handler that accepts a message handles it;
/// when none does, the message is <see cref="ActorBase.Unhandled"/>.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    // Behaviour stack for BecomeStacked; the top is the current behaviour. Filled once construction ends.
    private readonly List<ReceiveHandler[]> _behaviors = [];

    // The behaviour the constructor is building (it may enter another one with Become); null afterwards.
    private List<ReceiveHandler>? _constructorBehavior = [];

    // The handlers a Become/BecomeStacked configuration is declaring; null outside one.
    private List<ReceiveHandler>? _configuring;

    protected ReceiveActor()
    {
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> (that satisfy <paramref name="shouldHandle"/>).</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Declare(new ActionHandler<T>(handler, shouldHandle));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/>; returning false passes the message on to the next handler.</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Declare(new FuncHandler<T>(handler));
    }

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> with a task. Until the task completes the actor takes
    /// no other user message; code after each <c>await</c> runs on the actor, with Sender still this message's.
    /// A faulted task is a failure of the actor, handled by its supervisor.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Declare(new AsyncHandler<T>(Cell, handler, shouldHandle));
    }

    /// <summary>Handles any message not taken by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Declare(new AnyHandler(handler));
    }

    /// <summary>
    /// Replaces the current behaviour with the handlers that <paramref name="configure"/> declares. Called from
    /// the constructor, it chooses the first behaviour.
    /// </summary>
    protected void Become(Action configure)
    {
        var handlers = Configure(configure);
        if (_constructorBehavior is not null)
        {
            _constructorBehavior = [.. handlers];
        }
        else
        {
            _behaviors[^1] = handlers;
        }
    }

    /// <summary>Pushes a behaviour; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    protected void BecomeStacked(Action configure)
    {
        var handlers = Configure(configure);
        if (_constructorBehavior is not null)
        {
            _behaviors.Add([.. _constructorBehavior]);
            _constructorBehavior = [.. handlers];
        }
        else
        {
            _behaviors.Add(handlers);
        }
    }

    /// <summary>Pops the behaviour pushed last; the first behaviour is never popped.</summary>
    protected void UnbecomeStacked()
    {
        if (_constructorBehavior is not null)
        {
            if (_behaviors.Count > 0)
            {
                _constructorBehavior = [.. _behaviors[^1]];
                _behaviors.RemoveAt(_behaviors.Count - 1);
            }
        }
        else if (_behaviors.Count > 1)
        {
            _behaviors.RemoveAt(_behaviors.Count - 1);
        }
    }

    protected sealed override bool Receive(object message)
    {
        var handlers = _behaviors[^1];
        for (var i = 0; i < handlers.Length; i++)
        {
            if (handlers[i].TryHandle(message))
            {
                return true;
            }
        }

        return false;
    }

    internal override void OnConstructed()
    {
        _behaviors.Add([.. _constructorBehavior!]);
        _constructorBehavior = null;
    }

    private ReceiveHandler[] Configure(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var outer = _configuring;
        _configuring = [];
        try
        {
            configure();
            return [.. _configuring];
        }
        finally
        {
            _configuring = outer;
        }
    }

    private void Declare(ReceiveHandler handler)
    {
        var target = _configuring ?? _constructorBehavior ?? throw new InvalidOperationException(
            "Receive handlers are declared in the constructor or inside Become/BecomeStacked, not while handling a message.");
        target.Add(handler);
    }

    private abstract class ReceiveHandler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class ActionHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : ReceiveHandler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }

            handler(typed);
            return true;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> handler) : ReceiveHandler
    {
        public override bool TryHandle(object message) => message is T typed && handler(typed);
    }

    private sealed class AsyncHandler<T>(ActorCell cell, Func<T, Task> handler, Predicate<T>? shouldHandle) : ReceiveHandler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }

            cell.RunAsyncHandler(handler, typed);
            return true;
        }
    }

    private sealed class AnyHandler(Action<object> handler) : ReceiveHandler
    {
        public override bool TryHandle(object message)
        {
            handler(message);
            return true;
        }
    }
}
