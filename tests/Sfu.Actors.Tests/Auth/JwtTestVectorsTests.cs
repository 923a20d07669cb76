using System.Text.Json;
using Sfu.Actors.Auth;

namespace Sfu.Actors.Tests.Auth;

/// <summary>The JWT test vectors of PROTOCOL.md §8.1 and the rules of §2 (R17–R21).</summary>
public sealed class JwtTestVectorsTests
{
    private static readonly byte[] Key = LenientBase64.Decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    private const long Now = 1_700_000_100;

    private const string TokenA =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" +
        ".eyJzZnVfY2hhbm5lbF91dWlkIjoiMmY2YzFmMGUtM2IxYS00YzU1LTlkMmUtN2E4YjljMGQxZTJmIiwic2Vzc2lvbl9pZCI6NDIsImlhdCI6MTcwMDAwMDAwMH0" +
        ".t_8GoO6CNNgp7JFlISfxzmE4O7YHiRpZ7r6Q8uezjCM";

    private const string TokenB =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" +
        ".eyJzZnVfY2hhbm5lbF91dWlkIjoiMmY2YzFmMGUtM2IxYS00YzU1LTlkMmUtN2E4YjljMGQxZTJmIiwic2Vzc2lvbl9pZCI6NDIsImlhdCI6MTcwMDAwMDAwMH0=" +
        ".zetxt2MEjI2WAzhOn2aMKBll/obvtDEJ4S85vSjroZA=";

    private const string TokenD =
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0" +
        ".eyJzZnVfY2hhbm5lbF91dWlkIjoiMmY2YzFmMGUtM2IxYS00YzU1LTlkMmUtN2E4YjljMGQxZTJmIiwic2Vzc2lvbl9pZCI6NDIsImlhdCI6MTcwMDAwMDAwMH0" +
        ".e15vVLwAXBwfTZsei5YPK5bxARWtjGQ9ih7oafbF76M";

    private const string TokenE =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" +
        ".eyJzZnVfY2hhbm5lbF91dWlkIjoiMmY2YzFmMGUtM2IxYS00YzU1LTlkMmUtN2E4YjljMGQxZTJmIiwic2Vzc2lvbl9pZCI6NDIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwMDAwfQ" +
        ".d1e9wVDDy9-CU1QCROQRkjczIh2rAk7B-IAZX6d_SSg";

    [Fact]
    public void Vector_A_base64url_without_padding_verifies()
    {
        JwtResult result = Jwt.Verify(TokenA, Key, Now);

        result.IsValid.Should().BeTrue();
        result.Claims.GetProperty("session_id").GetInt32().Should().Be(42);
        result.Claims.GetProperty("sfu_channel_uuid").GetString().Should().Be("2f6c1f0e-3b1a-4c55-9d2e-7a8b9c0d1e2f");
    }

    [Fact]
    public void Vector_B_standard_base64_with_padding_verifies()
    {
        Jwt.Verify(TokenB, Key, Now).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Vector_C_ignored_characters_inside_the_signature_still_verify()
    {
        int signatureStart = TokenA.LastIndexOf('.') + 1;
        string tokenC = TokenA.Insert(signatureStart + 10, " \n ");

        Jwt.Verify(tokenC, Key, Now).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Vector_D_alg_none_is_rejected()
    {
        Jwt.Verify(TokenD, Key, Now).Failure.Should().Be(JwtFailure.UnsupportedAlgorithm);
    }

    [Fact]
    public void Vector_E_expired_token_is_rejected()
    {
        Jwt.Verify(TokenE, Key, Now).Failure.Should().Be(JwtFailure.Expired);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_rejected()
    {
        byte[] otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;

        Jwt.Verify(TokenA, otherKey, Now).Failure.Should().Be(JwtFailure.InvalidSignature);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("bnVsbA.bnVsbA.AAAA")] // header and payload are JSON null
    [InlineData("!!!.!!!.!!!")]
    public void Tokens_without_three_json_object_segments_are_malformed(string token)
    {
        Jwt.Verify(token, Key, Now).Failure.Should().Be(JwtFailure.InvalidFormat);
    }

    [Theory]
    [InlineData("HS512")]
    [InlineData("hs256")]
    [InlineData("ES512")]
    public void Only_exactly_HS256_is_accepted(string alg)
    {
        string header = Base64Url($"{{\"alg\":\"{alg}\"}}");
        string payload = Base64Url("{\"a\":1}");

        Jwt.Verify($"{header}.{payload}.AAAA", Key, Now).Failure.Should().Be(JwtFailure.UnsupportedAlgorithm);
    }

    [Fact]
    public void Signing_produces_tokens_that_verify_in_both_encodings()
    {
        var claims = new Dictionary<string, object> { ["iss"] = "odoo", ["session_id"] = "s-1" };

        string url = Jwt.Sign(claims, Key);
        string padded = Jwt.Sign(claims, Key, paddedStandardBase64: true);

        url.Should().NotContain("=");
        Jwt.Verify(url, Key, Now).Claims.GetProperty("iss").GetString().Should().Be("odoo");
        Jwt.Verify(padded, Key, Now).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("{\"exp\": 1700000099}", JwtFailure.Expired)]      // exp < now
    [InlineData("{\"exp\": 1700000100}", JwtFailure.None)]         // exp == now is still valid
    [InlineData("{\"exp\": \"1700000099\"}", JwtFailure.Expired)]  // numeric strings compare numerically
    [InlineData("{\"exp\": \"soon\"}", JwtFailure.None)]           // NaN never fails a comparison
    [InlineData("{\"exp\": 0}", JwtFailure.None)]                  // falsy claims are not checked
    [InlineData("{\"exp\": null}", JwtFailure.None)]
    [InlineData("{\"nbf\": 1700000101}", JwtFailure.NotYetValid)]
    [InlineData("{\"nbf\": 1700000100}", JwtFailure.None)]
    [InlineData("{\"iat\": 1700000161}", JwtFailure.IssuedInTheFuture)] // beyond the 60 s skew
    [InlineData("{\"iat\": 1700000130}", JwtFailure.None)]              // now + 30 is accepted
    public void Time_claims_follow_the_replaced_server(string claimsJson, JwtFailure expected)
    {
        string token = Jwt.Sign(JsonDocument.Parse(claimsJson).RootElement, Key);

        Jwt.Verify(token, Key, Now).Failure.Should().Be(expected);
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
