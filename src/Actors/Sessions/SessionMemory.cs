namespace Sfu.Actors.Sessions;

/// <summary>The session states of PROTOCOL.md §5.1.</summary>
public enum SessionState
{
    New,
    Connecting,
    Connected,
    Closed,
}

/// <summary>
/// What a session is and keeps across restarts by its supervisor: its published info, its state and its error
/// count (which upstream never resets, quirk Q21). Everything else in the actor is rebuilt on restart.
/// Owned by the session actor alone.
/// </summary>
public sealed class SessionMemory
{
    public SessionInfo Info { get; } = new();

    public SessionState State { get; set; } = SessionState.New;

    public int ErrorCount { get; set; }

    /// <summary>Transports, producers and consumers by id (the router owns the media objects themselves).</summary>
    public SessionMediaState Media { get; } = new();
}
