namespace Sfu.Actors.Runtime;

/// <summary>
/// Applies the decider's directive to the failing child only. Restarts are limited per child: at most
/// <c>maxNrOfRetries</c> within any sliding window of <c>withinTimeRange</c> (measured with the system's
/// TimeProvider); the failure that would exceed the limit stops the child instead. With maxNrOfRetries 6,
/// six failures restart it and a seventh within the window stops it, as in Akka.
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    /// <param name="maxNrOfRetries">-1 for no limit; 0 stops at the first failure that asks for a restart.</param>
    /// <param name="withinTimeRange">The sliding window; zero or infinite counts restarts over the child's whole life.</param>
    /// <param name="decider">Maps a failure to a directive.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        ArgumentNullException.ThrowIfNull(decider);
        if (withinTimeRange < TimeSpan.Zero && withinTimeRange != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), withinTimeRange, "The window must be positive, zero or infinite.");
        }

        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        _decider = decider;
    }

    /// <summary>No restart limit.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    public int MaxNrOfRetries { get; }

    public TimeSpan WithinTimeRange { get; }

    public override Directive Decide(Exception cause) => _decider(cause);

    internal override Directive HandleFailure(RestartHistory history, Exception cause, TimeProvider timeProvider)
    {
        var directive = Decide(cause);
        if (directive == Directive.Restart && !history.TryRecordRestart(MaxNrOfRetries, WithinTimeRange, timeProvider))
        {
            return Directive.Stop;
        }

        return directive;
    }
}
