namespace Sfu.Actors.Runtime;

/// <summary>
/// ReceiveAsync. While a handler's task runs, user messages wait in the mailbox (system messages still
/// flow). Its awaits resume on the actor: the handler runs under an <see cref="ActorSynchronizationContext"/>
/// that posts continuations back as system messages, run with the handler's message and sender restored.
/// </summary>
internal sealed partial class ActorCell
{
    private bool _awaitingAsyncHandler;

    internal void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        var context = new ActorSynchronizationContext(this, _incarnation, _currentMessage, _currentSender);
        Task task;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            task = handler(message) ?? Task.CompletedTask;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            // Finished without yielding: a failure surfaces now, like that of a synchronous handler.
            task.GetAwaiter().GetResult();
            return;
        }

        _awaitingAsyncHandler = true;
        task.ContinueWith(
            static (finished, state) => ((ActorSynchronizationContext)state!).OnHandlerCompleted(finished),
            context,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void HandleContinuation(RunContinuation continuation)
    {
        var context = continuation.Context;
        if (context.Incarnation != _incarnation)
        {
            // The instance that awaited was restarted or stopped: its remaining work is abandoned.
            return;
        }

        _currentMessage = context.Message;
        _currentSender = context.Sender;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            continuation.Callback(continuation.State);
        }
        catch (Exception failure)
        {
            // Async methods capture their exceptions in their task; this is a bare callback that threw.
            HandleInvokeFailure(failure, context.Message);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            _currentMessage = null;
            _currentSender = ActorRefs.NoSender;
        }
    }

    private void HandleAsyncHandlerCompleted(AsyncHandlerCompleted completed)
    {
        var context = completed.Context;
        if (context.Incarnation != _incarnation)
        {
            return;
        }

        _awaitingAsyncHandler = false;
        if (completed.Task.IsCompletedSuccessfully)
        {
            return;
        }

        var failure = completed.Task.Exception?.InnerException ?? new TaskCanceledException(completed.Task);
        _currentSender = context.Sender;
        try
        {
            HandleInvokeFailure(failure, context.Message);
        }
        finally
        {
            _currentSender = ActorRefs.NoSender;
        }
    }
}
