namespace Sfu.Actors.Runtime;

/// <summary>
/// Publish/subscribe by type within a system: a subscriber to a type gets every published event assignable
/// to it. The system publishes <see cref="DeadLetter"/> and <see cref="UnhandledMessage"/> here.
/// Subscriptions are a copy-on-write array: publishing takes no lock and allocates nothing.
/// </summary>
public sealed class EventStream
{
    private Subscription[] _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        return Update(current =>
        {
            foreach (var existing in current)
            {
                if (existing.Subscriber.Equals(subscriber) && existing.Channel == channel)
                {
                    return null;
                }
            }

            return [.. current, new Subscription(subscriber, channel)];
        });
    }

    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        return Update(current => Without(current, s => s.Subscriber.Equals(subscriber) && s.Channel == channel));
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return Update(current => Without(current, s => s.Subscriber.Equals(subscriber)));
    }

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var subscriptions = Volatile.Read(ref _subscriptions);
        foreach (var subscription in subscriptions)
        {
            if (subscription.Channel.IsInstanceOfType(@event))
            {
                subscription.Subscriber.Tell(@event, ActorRefs.NoSender);
            }
        }
    }

    private static Subscription[]? Without(Subscription[] current, Predicate<Subscription> remove)
    {
        var kept = Array.FindAll(current, s => !remove(s));
        return kept.Length == current.Length ? null : kept;
    }

    // change returns the new array, or null for "nothing to change".
    private bool Update(Func<Subscription[], Subscription[]?> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscriptions);
            var next = change(current);
            if (next is null)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _subscriptions, next, current) == current)
            {
                return true;
            }
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}
