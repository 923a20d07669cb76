using Sfu.Transport.Net;

namespace Sfu.Transport.Ice;

/// <summary>How <see cref="IceClientAgent.HandleResponse"/> judged a datagram.</summary>
public enum IceClientResponseKind : byte
{
    /// <summary>Not a STUN Binding response to the pending check (or nothing is pending): not ours.</summary>
    NotMatched = 0,

    /// <summary>
    /// The pending check's transaction, but unusable: MESSAGE-INTEGRITY missing or wrong, or a success without
    /// XOR-MAPPED-ADDRESS. Discarded as RFC 8489 §9.1.5 says; the check stays pending.
    /// </summary>
    Discarded,

    /// <summary>The check succeeded; the mapped address is how the peer sees us.</summary>
    Success,

    /// <summary>The peer answered with an error (e.g. 400, 401, 487); the check is over.</summary>
    Error,
}

/// <summary>The verdict on one response, with the mapped address or the error code.</summary>
public readonly struct IceClientResponse
{
    public IceClientResponse(IceClientResponseKind kind, NetAddress mappedAddress = default, ushort mappedPort = 0, int errorCode = 0)
    {
        Kind = kind;
        MappedAddress = mappedAddress;
        MappedPort = mappedPort;
        ErrorCode = errorCode;
    }

    public IceClientResponseKind Kind { get; }

    /// <summary>XOR-MAPPED-ADDRESS of a success.</summary>
    public NetAddress MappedAddress { get; }

    public ushort MappedPort { get; }

    /// <summary>ERROR-CODE of an error response (class × 100 + number).</summary>
    public int ErrorCode { get; }
}
