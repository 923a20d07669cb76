namespace Sfu.Actors.Runtime;

/// <summary>
/// The address of an actor inside its system, printed as <c>sfu://system/user/parent/child</c>
/// (the shape of Akka's <c>akka://system/user/...</c>, with our own scheme).
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private const string Scheme = "sfu://";
    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name, string text)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        _text = text;
    }

    /// <summary>The last element: the actor's name (the system name for a root path).</summary>
    public string Name { get; }

    /// <summary>The name of the actor system the path belongs to.</summary>
    public string SystemName { get; }

    /// <summary>The path of the parent, or null for a root path.</summary>
    public ActorPath? Parent { get; }

    /// <summary>Creates the root path of a system, e.g. <c>sfu://sys</c>.</summary>
    public static ActorPath Root(string systemName)
    {
        ArgumentException.ThrowIfNullOrEmpty(systemName);
        return new ActorPath(systemName, null, systemName, Scheme + systemName);
    }

    /// <summary>The path of a child of this path.</summary>
    public ActorPath Child(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ActorPath(SystemName, this, name, _text + "/" + name);
    }

    public override string ToString() => _text;

    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
}
