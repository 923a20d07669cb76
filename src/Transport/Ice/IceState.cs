namespace Sfu.Transport.Ice;

/// <summary>
/// The ICE-lite agent's view of its media path, in the vocabulary the replaced server reports (PROTOCOL §7.1,
/// mediasoup's iceState).
/// </summary>
public enum IceState : byte
{
    /// <summary>No valid check yet.</summary>
    New = 0,

    /// <summary>A valid check arrived; its tuple is selected, not yet nominated.</summary>
    Connected,

    /// <summary>The controlling peer nominated a tuple (USE-CANDIDATE or NOMINATION).</summary>
    Completed,

    /// <summary>Consent expired (RFC 7675) or every tuple went away; checks may bring it back.</summary>
    Disconnected,

    /// <summary>Closed by its owner; everything is ignored from now on.</summary>
    Closed,
}
