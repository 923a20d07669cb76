namespace Sfu.Actors.Runtime;

public static class ActorRefExtensions
{
    /// <summary>Tells <paramref name="message"/> keeping the sender of the message being handled (NoSender outside an actor).</summary>
    public static void Forward(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, ActorCell.Current?.Sender ?? ActorRefs.NoSender);
    }

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply address and waits for the first reply of type
    /// <typeparamref name="T"/>. Faults with <see cref="AskTimeoutException"/> when no reply comes in time
    /// (the system's default when <paramref name="timeout"/> is null), with the cause of a
    /// <see cref="Status.Failure"/> reply, and with <see cref="InvalidCastException"/> on a reply of another type.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var reply = await target.Ask(message, timeout, ct).ConfigureAwait(false);
        return reply is T typed
            ? typed
            : throw new InvalidCastException(
                $"Ask to {target.Path} expected a reply of type {typeof(T).FullName} but got {reply.GetType().FullName}.");
    }

    /// <inheritdoc cref="Ask{T}"/>
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var system = (target as InternalActorRef)?.System;
        var limit = timeout ?? system?.Options.DefaultAskTimeout ?? new ActorSystemOptions().DefaultAskTimeout;
        if (limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "An ask timeout must be positive or infinite.");
        }

        var promise = PromiseActorRef.Start(
            system, target, message.GetType(), limit, system?.TimeProvider ?? TimeProvider.System, ct);
        target.Tell(message, promise);
        return promise.Reply;
    }
}
