namespace Sfu.Actors.Runtime;

public static class PipeToExtensions
{
    /// <summary>
    /// When <paramref name="task"/> completes, tells its outcome to <paramref name="recipient"/>: the result
    /// (or <paramref name="success"/> of it; a null result becomes <see cref="Status.Success"/> with null),
    /// or a <see cref="Status.Failure"/> with the exception (or <paramref name="failure"/> of it).
    /// The sender is <paramref name="sender"/>, NoSender when null. This is how an actor brings the result of
    /// outside work back into its mailbox instead of touching its state from a continuation.
    /// </summary>
    public static Task PipeTo<T>(
        this Task<T> task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<T, object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return PipeResultAsync(task, recipient, sender ?? ActorRefs.NoSender, success, failure);
    }

    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> the value of
    /// <paramref name="success"/> (nothing when it is null, as in Akka) or a failure as in the generic overload.
    /// </summary>
    public static Task PipeTo(
        this Task task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return PipeCompletionAsync(task, recipient, sender ?? ActorRefs.NoSender, success, failure);
    }

    private static async Task PipeResultAsync<T>(
        Task<T> task, IActorRef recipient, IActorRef sender, Func<T, object>? success, Func<Exception, object>? failure)
    {
        T result;
        try
        {
            result = await task.ConfigureAwait(false);
        }
        catch (Exception cause)
        {
            recipient.Tell(failure is null ? new Status.Failure(cause) : failure(cause), sender);
            return;
        }

        recipient.Tell(success is null ? (object?)result ?? new Status.Success(null) : success(result), sender);
    }

    private static async Task PipeCompletionAsync(
        Task task, IActorRef recipient, IActorRef sender, Func<object>? success, Func<Exception, object>? failure)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception cause)
        {
            recipient.Tell(failure is null ? new Status.Failure(cause) : failure(cause), sender);
            return;
        }

        if (success is not null)
        {
            recipient.Tell(success(), sender);
        }
    }
}
