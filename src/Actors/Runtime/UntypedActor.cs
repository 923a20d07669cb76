namespace Sfu.Actors.Runtime;

/// <summary>An actor with one method for every message; call <see cref="ActorBase.Unhandled"/> for those it ignores.</summary>
public abstract class UntypedActor : ActorBase
{
    protected abstract void OnReceive(object message);

    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }
}
