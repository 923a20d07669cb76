using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Media;

/// <summary>
/// Runs one child and restarts it whatever its failure (with the same props); forwards every message to it, and on
/// <see cref="KillChild"/> kills it (a Kill sent to the parent would kill the parent).
/// </summary>
public sealed class RestartingParent : ReceiveActor
{
    private readonly Props _childProps;
    private IActorRef _child = ActorRefs.Nobody;

    public RestartingParent(Props childProps)
    {
        _childProps = childProps;
        Receive<KillChild>(_ => _child.Tell(Kill.Instance));
        Receive<object>(message => _child.Forward(message));
    }

    protected override void PreStart() => _child = Context.ActorOf(_childProps, "child");

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);
}

public sealed record KillChild
{
    public static readonly KillChild Instance = new();
}
