using System.Globalization;

namespace Sfu.Actors.Runtime;

/// <summary>
/// The children table. Unlike the rest of the cell it is shared: the user guardian creates top-level actors
/// on the caller's thread (<see cref="ActorSystem.ActorOf"/>), so it lives behind a small lock. Creation and
/// termination are rare control-plane events; no message path takes this lock.
/// </summary>
internal sealed partial class ActorCell
{
    private readonly Lock _childrenGate = new();
    private Dictionary<string, ChildSlot>? _children;
    private bool _childrenClosed;
    private long _lastAutoName;

    public IActorRef ActorOf(Props props, string? name = null) => CreateChild(props, name).Self;

    public IEnumerable<IActorRef> GetChildren()
    {
        lock (_childrenGate)
        {
            if (_children is null || _children.Count == 0)
            {
                return [];
            }

            var children = new List<IActorRef>(_children.Count);
            foreach (var slot in _children.Values)
            {
                children.Add(slot.Cell.Self);
            }

            return children;
        }
    }

    public IActorRef? Child(string name)
    {
        lock (_childrenGate)
        {
            return _children is not null && _children.TryGetValue(name, out var slot) ? slot.Cell.Self : null;
        }
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is not LocalActorRef local)
        {
            return;
        }

        MarkChildStopping(local.Cell);
        local.Cell.Mailbox.PostSystem(TerminateActor.Instance);
    }

    internal ActorCell CreateChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ValidateChildName(name);
        }

        ActorCell child;
        lock (_childrenGate)
        {
            if (_childrenClosed)
            {
                throw new InvalidOperationException($"{Self.Path} is stopping and cannot create children.");
            }

            _children ??= new Dictionary<string, ChildSlot>(StringComparer.Ordinal);
            name ??= NextAutoName();
            if (_children.ContainsKey(name))
            {
                // As in Akka, a name stays taken until the parent has seen the child's termination.
                throw new InvalidActorNameException($"Actor name [{name}] is not unique under {Self.Path}.");
            }

            child = new ActorCell(System, props, this, Self.Path.Child(name));
            _children.Add(name, new ChildSlot(child));
        }

        child.Mailbox.PostSystem(CreateActor.Instance);
        return child;
    }

    private static void ValidateChildName(string name)
    {
        if (name.Length == 0 || name[0] == '$' || name.Contains('/', StringComparison.Ordinal) ||
            name.Any(char.IsWhiteSpace))
        {
            throw new InvalidActorNameException(
                $"Actor name [{name}] is invalid: it must be non-empty, without '/' or spaces, and not start with '$' (reserved for generated names).");
        }
    }

    // Generated names start with '$', which user names may not, so they never collide.
    private string NextAutoName() => "$" + (++_lastAutoName).ToString(CultureInfo.InvariantCulture);

    private void MarkChildStopping(ActorCell child)
    {
        lock (_childrenGate)
        {
            if (TryFindSlot(child, out var slot))
            {
                slot.IsStopping = true;
            }
        }
    }

    private bool TryGetLiveChildSlot(ActorCell child, out ChildSlot slot)
    {
        lock (_childrenGate)
        {
            return TryFindSlot(child, out slot) && !slot.IsStopping;
        }
    }

    /// <summary>Closes the table to new children and asks every child to stop; returns how many there were.</summary>
    private int StopAllChildrenAndClose()
    {
        List<ActorCell> stopping;
        lock (_childrenGate)
        {
            _childrenClosed = true;
            if (_children is null || _children.Count == 0)
            {
                return 0;
            }

            stopping = new List<ActorCell>(_children.Count);
            foreach (var slot in _children.Values)
            {
                slot.IsStopping = true;
                stopping.Add(slot.Cell);
            }
        }

        foreach (var child in stopping)
        {
            child.Mailbox.PostSystem(TerminateActor.Instance);
        }

        return stopping.Count;
    }

    private bool RemoveChild(IActorRef child)
    {
        if (child is not LocalActorRef local)
        {
            return false;
        }

        lock (_childrenGate)
        {
            return TryFindSlot(local.Cell, out var slot) && _children!.Remove(slot.Cell.Self.Path.Name);
        }
    }

    private bool HasChildren()
    {
        lock (_childrenGate)
        {
            return _children is not null && _children.Count > 0;
        }
    }

    private bool HasStoppingChildren()
    {
        lock (_childrenGate)
        {
            if (_children is null)
            {
                return false;
            }

            foreach (var slot in _children.Values)
            {
                if (slot.IsStopping)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private bool TryFindSlot(ActorCell child, out ChildSlot slot)
    {
        if (_children is not null && _children.TryGetValue(child.Self.Path.Name, out var found) &&
            ReferenceEquals(found.Cell, child))
        {
            slot = found;
            return true;
        }

        slot = null!;
        return false;
    }

    /// <summary>A child as its parent sees it: the cell, whether it is being stopped, its restart history.</summary>
    private sealed class ChildSlot(ActorCell cell)
    {
        public ActorCell Cell { get; } = cell;

        public bool IsStopping { get; set; }

        public RestartHistory Restarts { get; } = new();
    }
}
