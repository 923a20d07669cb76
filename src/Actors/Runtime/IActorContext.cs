using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

/// <summary>
/// What an actor sees of the runtime while it handles a message. Use it only from the actor's own thread
/// (inside Receive, PreStart, PostStop, an async handler's continuations), never from captured closures
/// running elsewhere.
/// </summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled (<see cref="ActorRefs.NoSender"/> when none).</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    IEnumerable<IActorRef> GetChildren();

    IActorRef? Child(string name);

    /// <summary>Creates a supervised child; a name stays taken until its previous holder has terminated.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops a child (or Self) asynchronously: its children first, then its PostStop.</summary>
    void Stop(IActorRef child);

    /// <summary>Asks for a <see cref="Terminated"/> message when <paramref name="subject"/> stops (at once if it has).</summary>
    IActorRef Watch(IActorRef subject);

    IActorRef Unwatch(IActorRef subject);

    /// <summary>Per-actor timers, driven by the system's TimeProvider, cancelled on stop and on restart.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>A logger whose category is the actor's path.</summary>
    ILogger Log { get; }
}
