using System.Collections.Concurrent;
using System.Diagnostics;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.TestKit;

/// <summary>
/// An actor the test thread drives: whatever it receives is queued, and the Expect*/Receive* methods take
/// from that queue, waiting in real time (virtual time drives timers only; messages travel on real threads).
/// A failed expectation throws <see cref="TestKitAssertionException"/>.
/// </summary>
public sealed class TestProbe
{
    private readonly BlockingCollection<ReceivedMessage> _inbox = new(new ConcurrentQueue<ReceivedMessage>());
    private readonly ExpectationClock _clock;
    private ReceivedMessage? _last;

    internal TestProbe(ActorSystem system, ExpectationClock clock, string name)
    {
        _clock = clock;
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(_inbox)), name);
    }

    public IActorRef Ref { get; }

    /// <summary>The sender of the last message taken by an expectation (NoSender before the first).</summary>
    public IActorRef LastSender => _last?.Sender ?? ActorRefs.NoSender;

    public T ExpectMsg<T>(TimeSpan? timeout = null) =>
        Expect<T>(static _ => true, "a message of type " + typeof(T).Name, timeout);

    public T ExpectMsg<T>(Predicate<T> isMatch, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isMatch);
        return Expect<T>(m => isMatch(m), "a matching message of type " + typeof(T).Name, timeout);
    }

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        Expect<T>(m => EqualityComparer<T>.Default.Equals(m, expected), $"{typeof(T).Name} [{expected}]", timeout);

    /// <summary>Fails if any message arrives within <paramref name="duration"/> (default 100 ms, dilated).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var wait = _clock.NoMessageWait(duration);
        if (_inbox.TryTake(out var unexpected, wait))
        {
            _last = unexpected;
            throw new TestKitAssertionException(
                $"Expected no message for {ExpectationClock.Format(wait)} but received {unexpected}.");
        }
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/>; requires <see cref="Watch"/> first.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Expect<Terminated>(t => t.ActorRef.Equals(target), $"Terminated of {target}", timeout);
    }

    /// <summary>Watches <paramref name="target"/> on behalf of this probe: its Terminated will arrive here.</summary>
    public IActorRef Watch(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ((LocalActorRef)Ref).Cell.Mailbox.PostSystem(new WatchRequest(target, watch: true));
        return target;
    }

    public IActorRef Unwatch(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ((LocalActorRef)Ref).Cell.Mailbox.PostSystem(new WatchRequest(target, watch: false));
        return target;
    }

    /// <summary>Skips messages until one satisfies <paramref name="isMessage"/>, which must be a <typeparamref name="T"/>.</summary>
    public T FishForMessage<T>(Predicate<object> isMessage, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var budget = _clock.RemainingOrDefault(timeout);
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var received = TakeOrFail(Left(budget, start), "the fished message");
            if (!isMessage(received.Message))
            {
                continue;
            }

            return received.Message is T typed
                ? typed
                : throw new TestKitAssertionException($"Fished {received} but expected a {typeof(T).Name}.");
        }
    }

    public object ReceiveOne(TimeSpan? timeout = null) =>
        TakeOrFail(_clock.RemainingOrDefault(timeout), "a message").Message;

    /// <summary>Receives exactly <paramref name="n"/> messages within one budget.</summary>
    public IReadOnlyList<object> ReceiveN(int n, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var budget = _clock.RemainingOrDefault(timeout);
        var start = Stopwatch.GetTimestamp();
        var messages = new List<object>(n);
        while (messages.Count < n)
        {
            messages.Add(TakeOrFail(Left(budget, start), $"message {messages.Count + 1} of {n}").Message);
        }

        return messages;
    }

    /// <summary>Runs <paramref name="action"/> and fails if it takes longer than <paramref name="max"/> (dilated).</summary>
    public void Within(TimeSpan max, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _clock.Within(max, () =>
        {
            action();
            return true;
        });
    }

    public T Within<T>(TimeSpan max, Func<T> f) => _clock.Within(max, f);

    /// <summary>Tells <paramref name="msg"/> to the sender of the last message, from this probe.</summary>
    public void Reply(object msg) => LastSender.Tell(msg, Ref);

    /// <summary>Tells <paramref name="msg"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object msg)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(msg, Ref);
    }

    /// <summary>Tells the last message to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var last = _last ?? throw new InvalidOperationException("The probe has not received any message to forward.");
        target.Tell(last.Message, last.Sender);
    }

    private T Expect<T>(Func<T, bool> isMatch, string description, TimeSpan? timeout)
    {
        var received = TakeOrFail(_clock.RemainingOrDefault(timeout), description);
        if (received.Message is T typed && isMatch(typed))
        {
            return typed;
        }

        throw new TestKitAssertionException($"Expected {description} but received {received}.");
    }

    private ReceivedMessage TakeOrFail(TimeSpan wait, string description)
    {
        if (!_inbox.TryTake(out var received, wait))
        {
            throw new TestKitAssertionException(
                $"Timeout ({ExpectationClock.Format(wait)}) while waiting for {description} at {Ref.Path}.");
        }

        _last = received;
        return received;
    }

    private static TimeSpan Left(TimeSpan budget, long start)
    {
        var left = budget - Stopwatch.GetElapsedTime(start);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
