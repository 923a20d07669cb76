using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sfu.Actors.Auth;

/// <summary>Why a token was refused; <see cref="JwtFailure.None"/> when it verified.</summary>
public enum JwtFailure
{
    None,
    /// <summary>Not three segments, or a header/payload that is not a JSON object.</summary>
    InvalidFormat,
    /// <summary><c>alg</c> is not exactly <c>HS256</c> (RFC 8725 §3.1: never trust the token's choice).</summary>
    UnsupportedAlgorithm,
    InvalidSignature,
    Expired,
    NotYetValid,
    IssuedInTheFuture,
}

/// <summary>The outcome of verifying a token: its claims when valid, otherwise the reason.</summary>
public readonly record struct JwtResult(JwtFailure Failure, JsonElement Claims)
{
    public bool IsValid => Failure == JwtFailure.None;

    public static JwtResult Fail(JwtFailure failure) => new(failure, default);
}

/// <summary>
/// HS256 JSON Web Tokens (RFC 7519, RFC 7515) verified exactly as PROTOCOL.md §2 describes the replaced server:
/// lenient base64 segments, the MAC over the received text, constant-time comparison, and the time claims with
/// JavaScript comparison semantics.
/// </summary>
public static class Jwt
{
    /// <summary>Tolerance for <c>iat</c> in the future (§2.4).</summary>
    public const long IssuedAtSkewSeconds = 60;

    public static JwtResult Verify(string token, ReadOnlySpan<byte> key, long nowSeconds)
    {
        string[] segments = token.Split('.');
        if (segments.Length != 3)
        {
            return JwtResult.Fail(JwtFailure.InvalidFormat);
        }

        if (!TryParseObject(segments[0], out JsonElement header) || !TryParseObject(segments[1], out JsonElement claims))
        {
            return JwtResult.Fail(JwtFailure.InvalidFormat);
        }

        if (!header.TryGetProperty("alg", out JsonElement alg) || alg.ValueKind != JsonValueKind.String
            || alg.GetString() != "HS256")
        {
            return JwtResult.Fail(JwtFailure.UnsupportedAlgorithm);
        }

        if (!SignatureMatches(token.AsSpan(0, segments[0].Length + 1 + segments[1].Length), segments[2], key))
        {
            return JwtResult.Fail(JwtFailure.InvalidSignature);
        }

        JwtFailure timeFailure = CheckTimeClaims(claims, nowSeconds);
        return timeFailure == JwtFailure.None ? new JwtResult(JwtFailure.None, claims) : JwtResult.Fail(timeFailure);
    }

    /// <summary>
    /// Signs claims with HS256. The default is base64url without padding (what the Odoo backend emits);
    /// <paramref name="paddedStandardBase64"/> produces the other form seen in the wild (§2.2).
    /// </summary>
    public static string Sign(object claims, ReadOnlySpan<byte> key, bool paddedStandardBase64 = false)
    {
        string header = Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8, paddedStandardBase64);
        string payload = Encode(JsonSerializer.SerializeToUtf8Bytes(claims), paddedStandardBase64);
        string signingInput = header + "." + payload;
        byte[] mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signingInput));
        return signingInput + "." + Encode(mac, paddedStandardBase64);
    }

    private static bool TryParseObject(string segment, out JsonElement element)
    {
        element = default;
        try
        {
            using JsonDocument document = JsonDocument.Parse(LenientBase64.Decode(segment));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                // A JSON null or non-object: upstream throws a generic error (quirk Q10); we call it a bad token.
                return false;
            }

            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool SignatureMatches(ReadOnlySpan<char> signingInput, string signatureSegment, ReadOnlySpan<byte> key)
    {
        // The MAC covers the segments exactly as received, never re-encoded (§2.1).
        byte[] input = Encoding.UTF8.GetBytes(signingInput.ToArray());
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, input, expected);
        byte[] presented = LenientBase64.Decode(signatureSegment);
        return presented.Length == expected.Length && CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    private static JwtFailure CheckTimeClaims(JsonElement claims, long now)
    {
        // Only truthy claims are checked; a value that is NaN in JavaScript never fails a comparison (§2.4).
        if (TryGetTimeClaim(claims, "exp", out double exp) && exp < now)
        {
            return JwtFailure.Expired;
        }

        if (TryGetTimeClaim(claims, "nbf", out double nbf) && nbf > now)
        {
            return JwtFailure.NotYetValid;
        }

        if (TryGetTimeClaim(claims, "iat", out double iat) && iat > now + IssuedAtSkewSeconds)
        {
            return JwtFailure.IssuedInTheFuture;
        }

        return JwtFailure.None;
    }

    private static bool TryGetTimeClaim(JsonElement claims, string name, out double value)
    {
        value = double.NaN;
        if (!claims.TryGetProperty(name, out JsonElement element) || !JsTruthiness.IsTruthy(element))
        {
            return false;
        }

        value = JsTruthiness.ToNumber(element);
        return true;
    }

    private static string Encode(ReadOnlySpan<byte> bytes, bool paddedStandardBase64)
    {
        string standard = Convert.ToBase64String(bytes);
        return paddedStandardBase64
            ? standard
            : standard.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
