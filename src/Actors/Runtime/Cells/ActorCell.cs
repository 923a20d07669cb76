using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

/// <summary>
/// The runtime side of one actor: its mailbox, its current instance, its children, watchers and timers, and
/// its lifecycle and supervision state. Everything but the children table (see ActorCell.Children.cs) is
/// read and written only by the mailbox run, so on one thread at a time, without locks.
///
/// Split by concern: Children, DeathWatch, Lifecycle (create/stop), Supervision (failure, restart, resume),
/// Async (ReceiveAsync and its continuations).
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    // The cell whose mailbox runs on this thread: the default sender of Tell and the context of Forward.
    [ThreadStatic]
    private static ActorCell? t_running;

    // The cell whose actor instance is being constructed on this thread: how ActorBase finds its context.
    [ThreadStatic]
    private static ActorCell? t_constructing;

    private readonly ActorCell? _parent;
    private ActorBase? _actor;
    private object? _currentMessage;
    private IActorRef _currentSender = ActorRefs.NoSender;
    private ILogger? _log;
    private TimerScheduler? _timers;

    internal ActorCell(ActorSystem system, Props props, ActorCell? parent, ActorPath path)
    {
        System = system;
        Props = props;
        _parent = parent;
        Self = new LocalActorRef(this, path);
        Mailbox = new Mailbox(this, props.Dispatcher ?? ThreadPoolDispatcher.Instance, system.Options.Throughput);
    }

    internal static ActorCell? Current => t_running;

    internal static ActorCell? UnderConstruction => t_constructing;

    public ActorSystem System { get; }

    internal Props Props { get; }

    internal Mailbox Mailbox { get; }

    internal LocalActorRef Self { get; }

    IActorRef IActorContext.Self => Self;

    public IActorRef Sender => _currentSender;

    public IActorRef Parent => _parent?.Self ?? ActorRefs.Nobody;

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public ILogger Log => _log ??= System.LoggerFactory.CreateLogger(Self.Path.ToString());

    /// <summary>True once PostStop has run and watchers were told; from then on messages are dead letters.</summary>
    internal bool IsTerminated => _isTerminated;

    /// <summary>User messages flow only to a live, created, non-failed actor that is not awaiting a task.</summary>
    internal bool CanProcessUserMessages => _actor is not null && !_failed && !_awaitingAsyncHandler && !_isTerminating;

    internal static ActorCell? EnterRun(ActorCell cell)
    {
        var previous = t_running;
        t_running = cell;
        return previous;
    }

    internal static void ExitRun(ActorCell? previous) => t_running = previous;

    /// <summary>Handles one user message; a failure is reported to the supervisor, never thrown.</summary>
    internal void Invoke(Envelope envelope)
    {
        var message = envelope.Message;
        _currentMessage = message;
        _currentSender = envelope.Sender;
        try
        {
            if (message is TimerMessage timerMessage)
            {
                // A tick of a timer cancelled or restarted since it fired is stale: drop it.
                if (_timers is null || !_timers.TryAcceptForDelivery(timerMessage))
                {
                    return;
                }

                message = timerMessage.Message;
                _currentMessage = message;
            }
            else if (message is DeathWatchTerminated watchTerminated)
            {
                // Unwatch after the notification was queued means the watcher no longer wants it.
                if (!TryTakeQueuedTerminated(watchTerminated.Terminated.ActorRef))
                {
                    return;
                }

                message = watchTerminated.Terminated;
                _currentMessage = message;
            }

            if (message is PoisonPill)
            {
                Stop(Self);
                return;
            }

            if (message is Kill)
            {
                throw new ActorKilledException();
            }

            var actor = _actor!;
            if (!actor.InvokeReceive(message))
            {
                actor.InvokeUnhandled(message);
            }
        }
        catch (Exception failure)
        {
            HandleInvokeFailure(failure, message);
        }
        finally
        {
            _currentMessage = null;
            _currentSender = ActorRefs.NoSender;
        }
    }

    /// <summary>Handles one system message. A terminated cell only answers late watchers.</summary>
    internal void SystemInvoke(SystemMessage message)
    {
        if (_isTerminated)
        {
            if (message is AddWatcher lateWatcher)
            {
                lateWatcher.Watcher.Cell.Mailbox.PostSystem(new WatchedActorTerminated(Self));
            }

            return;
        }

        try
        {
            switch (message)
            {
                case CreateActor:
                    HandleCreate();
                    break;
                case TerminateActor:
                    HandleTerminate();
                    break;
                case ChildFailed childFailed:
                    HandleChildFailed(childFailed.Child, childFailed.Cause);
                    break;
                case RecreateActor recreate:
                    HandleRecreate(recreate.Cause);
                    break;
                case ResumeActor:
                    HandleResume();
                    break;
                case AddWatcher addWatcher:
                    HandleAddWatcher(addWatcher.Watcher);
                    break;
                case RemoveWatcher removeWatcher:
                    _watchers?.Remove(removeWatcher.Watcher);
                    break;
                case WatchedActorTerminated terminated:
                    HandleWatchedActorTerminated(terminated.Actor);
                    break;
                case WatchRequest request when request.Watch:
                    Watch(request.Subject);
                    break;
                case WatchRequest request:
                    Unwatch(request.Subject);
                    break;
                case RunContinuation continuation:
                    HandleContinuation(continuation);
                    break;
                case AsyncHandlerCompleted completed:
                    HandleAsyncHandlerCompleted(completed);
                    break;
            }
        }
        catch (Exception failure)
        {
            LogRuntimeFailure(failure);
        }
    }

    internal void LogRuntimeFailure(Exception failure) =>
        Log.LogCritical(failure, "Actor runtime failure in {ActorPath}", Self.Path);

    /// <summary>Builds a new instance from Props with this cell as its context.</summary>
    private ActorBase NewActorInstance()
    {
        var previous = t_constructing;
        t_constructing = this;
        try
        {
            var actor = Props.NewActor();
            if (!ReferenceEquals(actor.Cell, this))
            {
                throw new InvalidOperationException(
                    $"The Props factory of {Self.Path} returned an actor it did not create; it must return a new instance.");
            }

            actor.OnConstructed();
            return actor;
        }
        finally
        {
            t_constructing = previous;
        }
    }
}
