namespace Sfu.Actors.Runtime;

/// <summary>How a supervisor turns a child's failure into a <see cref="Directive"/>.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>
    /// Restart on any exception, without limit; stop on <see cref="ActorInitializationException"/> (a restart
    /// would most likely fail the same way) and on <see cref="ActorKilledException"/>. Used for top-level actors.
    /// </summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stop a child whatever its failure.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(static _ => Directive.Stop);

    private protected SupervisorStrategy()
    {
    }

    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The directive for <paramref name="cause"/>, before any retry limit is applied.</summary>
    public abstract Directive Decide(Exception cause);

    /// <summary>The directive actually applied to a child, with its restart history (a Restart over the limit becomes Stop).</summary>
    internal abstract Directive HandleFailure(RestartHistory history, Exception cause, TimeProvider timeProvider);
}
