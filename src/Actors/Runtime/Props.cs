using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Sfu.Actors.Runtime;

/// <summary>
/// An immutable recipe for an actor: how to build an instance (again after each restart), which dispatcher
/// runs it, and optionally the strategy it applies to its own children.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Func<ActorBase> factory, Type actorType, SupervisorStrategy? supervisorStrategy, IDispatcher? dispatcher)
    {
        _factory = factory;
        ActorType = actorType;
        SupervisorStrategy = supervisorStrategy;
        Dispatcher = dispatcher;
    }

    public Type ActorType { get; }

    /// <summary>Overrides the actor's own <see cref="ActorBase"/> SupervisorStrategy() for its children.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>The dispatcher that runs the actor; the thread pool when null.</summary>
    public IDispatcher? Dispatcher { get; }

    public static Props Create<TActor>()
        where TActor : ActorBase, new() =>
        new(static () => new TActor(), typeof(TActor), null, null);

    /// <summary>The factory runs on the actor's thread, once per incarnation; it must return a new instance.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor), null, null);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(_factory, ActorType, strategy, Dispatcher);
    }

    public Props WithDispatcher(IDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return new Props(_factory, ActorType, SupervisorStrategy, dispatcher);
    }

    internal ActorBase NewActor()
    {
        try
        {
            return _factory() ?? throw new InvalidOperationException($"The Props factory of {ActorType.Name} returned null.");
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            // `new TActor()` under a new() constraint goes through Activator, which wraps the constructor's
            // exception; supervisors decide on the real one.
            ExceptionDispatchInfo.Throw(wrapped.InnerException);
            throw;
        }
    }

    public override string ToString() => $"Props({ActorType.Name})";
}
