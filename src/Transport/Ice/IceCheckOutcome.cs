namespace Sfu.Transport.Ice;

/// <summary>What <see cref="IceLiteAgent.HandleRequest"/> did with a datagram; every drop has its own name.</summary>
public enum IceCheckOutcome : byte
{
    /// <summary>Not a valid STUN message (bad header, bad attribute, wrong FINGERPRINT): dropped, no answer.</summary>
    Malformed = 0,

    /// <summary>An indication or a response: a lite agent sends no requests, so nothing to do (PROTOCOL §7.1).</summary>
    NotARequest,

    /// <summary>The agent is closed: dropped, no answer.</summary>
    AgentClosed,

    /// <summary>Answered 400: not a Binding request, or FINGERPRINT, USERNAME, MESSAGE-INTEGRITY or PRIORITY missing.</summary>
    BadRequest,

    /// <summary>Answered 401: USERNAME not for our ufrag, or MESSAGE-INTEGRITY wrong. State untouched.</summary>
    Unauthorized,

    /// <summary>Answered 487: the peer claims ICE-CONTROLLED, but a lite agent is always the controlled one.</summary>
    RoleConflict,

    /// <summary>Answered with a success response; the tuple is validated and consent refreshed.</summary>
    Success,
}
