using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

/// <summary>
/// Failure handling. A failing actor suspends itself and reports to its parent, whose strategy decides:
/// Resume (keep the instance), Restart (new instance, same mailbox; the failing message is dropped),
/// Stop, or Escalate (the parent fails with the same exception and its own parent decides).
/// </summary>
internal sealed partial class ActorCell
{
    private bool _failed;
    private object? _failedMessage;
    private ActorCell? _escalatedFrom;
    private Exception? _pendingRestartCause;

    private void HandleInvokeFailure(Exception failure, object? message)
    {
        if (_isTerminating)
        {
            // Nobody will decide anything for an actor already on its way out.
            Log.LogError(failure, "{ActorPath} failed while stopping", Self.Path);
            return;
        }

        ReportFailure(failure, message);
    }

    private void ReportFailure(Exception failure, object? failedMessage)
    {
        _failed = true;
        _failedMessage = failedMessage;
        if (_parent is null)
        {
            // Only a guardian has no parent; its own code cannot fail, so this is a runtime fault.
            LogRuntimeFailure(failure);
            return;
        }

        _parent.Mailbox.PostSystem(new ChildFailed(this, failure));
    }

    private void HandleChildFailed(ActorCell child, Exception cause)
    {
        // A child already being stopped (or gone) needs no decision.
        if (!TryGetLiveChildSlot(child, out var slot))
        {
            return;
        }

        var strategy = _actor?.SupervisorStrategyInternal ?? SupervisorStrategy.DefaultStrategy;
        var directive = strategy.HandleFailure(slot.Restarts, cause, System.TimeProvider);
        if (directive == Directive.Escalate && _parent is null)
        {
            // The guardian has nobody to escalate to: the failing top-level actor is stopped.
            directive = Directive.Stop;
        }

        LogChildFailure(child, cause, directive);
        switch (directive)
        {
            case Directive.Resume:
                child.Mailbox.PostSystem(ResumeActor.Instance);
                break;
            case Directive.Restart:
                child.Mailbox.PostSystem(new RecreateActor(cause));
                break;
            case Directive.Stop:
                Stop(child.Self);
                break;
            case Directive.Escalate:
                Escalate(child, cause);
                break;
        }
    }

    private static void LogChildFailure(ActorCell child, Exception cause, Directive directive)
    {
        switch (directive)
        {
            case Directive.Escalate:
                // Logged by whoever finally decides.
                break;
            case Directive.Resume:
                child.Log.LogWarning(cause, "{ActorPath} failed; resuming", child.Self.Path);
                break;
            default:
                child.Log.LogError(cause, "{ActorPath} failed; supervisor decided {Directive}", child.Self.Path, directive);
                break;
        }
    }

    private void Escalate(ActorCell child, Exception cause)
    {
        if (_failed)
        {
            // Already waiting for our own supervisor; whatever it decides covers this child too.
            return;
        }

        _escalatedFrom = child;
        ReportFailure(cause, failedMessage: null);
    }

    private void HandleResume()
    {
        if (!_failed)
        {
            return;
        }

        if (_actor is null)
        {
            // Resuming an actor that failed to start means trying to start it again.
            _failed = false;
            TryCreateInstance(restartCause: null);
            return;
        }

        _failed = false;
        _failedMessage = null;
        var escalatedFrom = _escalatedFrom;
        _escalatedFrom = null;
        escalatedFrom?.Mailbox.PostSystem(ResumeActor.Instance);
    }

    private void HandleRecreate(Exception cause)
    {
        if (_isTerminating)
        {
            return;
        }

        var oldActor = _actor;
        _actor = null;
        _incarnation++;
        _awaitingAsyncHandler = false;
        _escalatedFrom = null;
        _timers?.CancelAll();
        if (oldActor is not null)
        {
            try
            {
                oldActor.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception failure)
            {
                Log.LogError(failure, "PreRestart of {ActorPath} failed", Self.Path);
            }
        }

        // The default PreRestart stops the children; the new instance starts once they are gone, as in Akka.
        if (HasStoppingChildren())
        {
            _pendingRestartCause = cause;
            return;
        }

        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRestartCause = null;
        if (TryCreateInstance(cause))
        {
            _failed = false;
            _failedMessage = null;
        }
    }
}
