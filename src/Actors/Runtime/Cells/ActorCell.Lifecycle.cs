using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

/// <summary>
/// Creation and termination. Stopping is asynchronous, children first: the cell asks every child to stop,
/// waits for each child's termination notice, then runs PostStop and tells its watchers and its parent.
/// </summary>
internal sealed partial class ActorCell
{
    private bool _isTerminating;
    private volatile bool _isTerminated;

    // Bumped whenever the instance is replaced or stopped, so that late work of the old instance (async
    // continuations) is recognised and dropped.
    private int _incarnation;

    private void HandleCreate()
    {
        if (_actor is null && !_isTerminating)
        {
            TryCreateInstance(restartCause: null);
        }
    }

    /// <summary>
    /// Builds an instance and runs PreStart (or PostRestart after a restart). A failure in either is an
    /// <see cref="ActorInitializationException"/> reported to the supervisor; returns whether it worked.
    /// </summary>
    private bool TryCreateInstance(Exception? restartCause)
    {
        try
        {
            var actor = NewActorInstance();
            _actor = actor;
            if (restartCause is null)
            {
                actor.InvokePreStart();
            }
            else
            {
                actor.InvokePostRestart(restartCause);
            }

            return true;
        }
        catch (Exception failure)
        {
            // An instance whose start failed is discarded: it never receives messages nor PostStop.
            _actor = null;
            var initializationFailure = failure as ActorInitializationException ??
                new ActorInitializationException($"{Self.Path}: {Props.ActorType.Name} failed to start.", failure);
            ReportFailure(initializationFailure, failedMessage: null);
            return false;
        }
    }

    private void HandleTerminate()
    {
        if (_isTerminating)
        {
            return;
        }

        _isTerminating = true;
        _incarnation++;
        _awaitingAsyncHandler = false;
        _timers?.CancelAll();
        if (StopAllChildrenAndClose() == 0)
        {
            FinishTerminate();
        }
    }

    /// <summary>Called when a child's termination notice arrives (it has left the children table).</summary>
    private void OnChildTerminated(IActorRef child)
    {
        if (ReferenceEquals(_escalatedFrom?.Self, child))
        {
            _escalatedFrom = null;
        }

        if (_isTerminating)
        {
            if (!HasChildren())
            {
                FinishTerminate();
            }
        }
        else if (_pendingRestartCause is not null && !HasStoppingChildren())
        {
            FinishRecreate(_pendingRestartCause);
        }
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        _actor = null;
        if (actor is not null)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception failure)
            {
                Log.LogError(failure, "PostStop of {ActorPath} failed", Self.Path);
            }
        }

        _isTerminated = true;
        TellWatchersAndParentOfTermination();
        if (_parent is null)
        {
            System.OnGuardianTerminated();
        }
    }
}
