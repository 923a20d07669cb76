using Microsoft.Extensions.Logging;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Media;

/// <summary>
/// Stands between a channel and its media router. A router that throws has media state nobody can trust any more:
/// this supervisor stops it instead of restarting it, and stops itself, so that the channel (which watches it) closes
/// its sessions with 1011 — their clients reconnect — and starts a fresh router. Messages for the router are
/// forwarded with their sender, so asks reach it unchanged.
/// </summary>
public sealed class RouterSupervisor : ReceiveActor
{
    private readonly Props _routerProps;
    private IActorRef _router = ActorRefs.Nobody;

    public RouterSupervisor(Props routerProps)
    {
        _routerProps = routerProps;
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_router))
            {
                Context.Stop(Self);
            }
        });
        Receive<object>(message => _router.Forward(message));
    }

    protected override void PreStart()
    {
        _router = Context.ActorOf(_routerProps, "media");
        Context.Watch(_router);
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, e =>
    {
        Context.Log.LogError(e, "The media router failed; stopping it");
        return Directive.Stop;
    });
}
