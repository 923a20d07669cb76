namespace Sfu.Actors.Runtime;

/// <summary>
/// Death watch. The watched actor keeps its watchers; the watcher keeps whom it watches. When an actor
/// terminates it sends <see cref="WatchedActorTerminated"/> to its watchers and its parent; a watcher turns
/// that into a <see cref="Terminated"/> user message, queued behind what the dead actor sent before dying.
/// </summary>
internal sealed partial class ActorCell
{
    private HashSet<LocalActorRef>? _watchers;
    private HashSet<IActorRef>? _watching;
    private HashSet<IActorRef>? _terminatedQueued;

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (ReferenceEquals(subject, Self) || !(_watching ??= []).Add(subject))
        {
            return subject;
        }

        if (subject is LocalActorRef local)
        {
            // An already terminated subject answers this at once (see SystemInvoke).
            local.Cell.Mailbox.PostSystem(new AddWatcher(Self));
        }
        else
        {
            // Dead letters, Nobody or an ask's reply slot are not actors: they are as good as dead.
            Mailbox.PostSystem(new WatchedActorTerminated(subject));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_watching is not null && _watching.Remove(subject) && subject is LocalActorRef local)
        {
            local.Cell.Mailbox.PostSystem(new RemoveWatcher(Self));
        }

        _terminatedQueued?.Remove(subject);
        return subject;
    }

    private void HandleAddWatcher(LocalActorRef watcher)
    {
        if (!ReferenceEquals(watcher, Self))
        {
            (_watchers ??= []).Add(watcher);
        }
    }

    private void HandleWatchedActorTerminated(IActorRef actor)
    {
        var wasChild = RemoveChild(actor);
        if (_watching is not null && _watching.Remove(actor) && !_isTerminating)
        {
            (_terminatedQueued ??= []).Add(actor);

            // Straight into the mailbox with the dead actor as sender, as Akka does.
            Mailbox.PostUser(new Envelope(new DeathWatchTerminated(new Terminated(actor)), actor));
        }

        if (wasChild)
        {
            OnChildTerminated(actor);
        }
    }

    private bool TryTakeQueuedTerminated(IActorRef actor) => _terminatedQueued is not null && _terminatedQueued.Remove(actor);

    /// <summary>The last act of a terminating actor: tell watchers and parent, and release whom it watched.</summary>
    private void TellWatchersAndParentOfTermination()
    {
        if (_watchers is not null)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Cell.Mailbox.PostSystem(new WatchedActorTerminated(Self));
            }

            _watchers = null;
        }

        _parent?.Mailbox.PostSystem(new WatchedActorTerminated(Self));

        if (_watching is not null)
        {
            foreach (var subject in _watching)
            {
                if (subject is LocalActorRef local)
                {
                    local.Cell.Mailbox.PostSystem(new RemoveWatcher(Self));
                }
            }

            _watching = null;
        }

        _terminatedQueued = null;
    }
}

/// <summary>A <see cref="Terminated"/> produced by death watch (as opposed to one a user sent), checked on delivery.</summary>
internal sealed class DeathWatchTerminated(Terminated terminated)
{
    public Terminated Terminated { get; } = terminated;
}
