namespace Sfu.Transport.Stun;

/// <summary>The error codes an ICE agent sends or receives, with their RFC reason phrases as UTF-8.</summary>
public static class StunErrorCodes
{
    /// <summary>RFC 8489 §14.8: malformed request, or one that cannot be authenticated.</summary>
    public const int BadRequest = 400;

    /// <summary>RFC 8489 §14.8: wrong credentials (the phrase was "Unauthorized" in RFC 5389).</summary>
    public const int Unauthenticated = 401;

    public const int UnknownAttribute = 420;

    /// <summary>RFC 8445 §7.3.1.1: both agents claim the same ICE role.</summary>
    public const int RoleConflict = 487;

    public const int ServerError = 500;

    public static ReadOnlySpan<byte> ReasonPhrase(int code) => code switch
    {
        BadRequest => "Bad Request"u8,
        Unauthenticated => "Unauthenticated"u8,
        UnknownAttribute => "Unknown Attribute"u8,
        RoleConflict => "Role Conflict"u8,
        ServerError => "Server Error"u8,
        _ => ReadOnlySpan<byte>.Empty,
    };

    /// <summary>RFC 8489 §14.8: the class digit is 3 to 6 and the number 0 to 99, so codes span 300–699.</summary>
    public static bool IsValid(int code) => code is >= 300 and <= 699;
}
