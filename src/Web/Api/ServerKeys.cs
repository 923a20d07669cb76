using Sfu.Actors.Auth;

namespace Sfu.Web.Api;

/// <summary>The global HMAC key (AUTH_KEY decoded as §2.3 says) and the clock that time claims are checked against.</summary>
public sealed class ServerKeys(byte[] globalKey, TimeProvider time)
{
    public byte[] GlobalKey { get; } = globalKey;

    public JwtResult Verify(string token, byte[]? key = null) =>
        Jwt.Verify(token, key ?? GlobalKey, time.GetUtcNow().ToUnixTimeSeconds());
}
