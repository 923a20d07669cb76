using System.Security.Cryptography;
using System.Text;

namespace Sfu.Transport.Ice;

/// <summary>An ICE username fragment and password (RFC 8445 §5.3), as they appear in a=ice-ufrag / a=ice-pwd.</summary>
public sealed record IceCredentials
{
    /// <summary>What the replaced server emits (PROTOCOL R68): 32 characters of [0-9a-z] each.</summary>
    public const int GeneratedLength = 32;

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public IceCredentials(string usernameFragment, string password)
    {
        // RFC 8839 §5.4: ice-char is ALPHA / DIGIT / "+" / "/", ufrag 4–256 and password 22–256 characters. We are
        // lenient on length (peers and tests use short ones) but a ':' would break the USERNAME split.
        ArgumentException.ThrowIfNullOrEmpty(usernameFragment);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (usernameFragment.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A username fragment cannot contain ':'.", nameof(usernameFragment));
        }

        UsernameFragment = usernameFragment;
        Password = password;
    }

    public string UsernameFragment { get; }

    public string Password { get; }

    /// <summary>Fresh random credentials from a cryptographic generator; 32 × log2(36) ≈ 165 bits each.</summary>
    public static IceCredentials Generate() => new(
        RandomNumberGenerator.GetString(Alphabet, GeneratedLength),
        RandomNumberGenerator.GetString(Alphabet, GeneratedLength));

    /// <summary>
    /// The short-term credential key of RFC 8489 §9.1.1 is the OpaqueString-prepared password; ICE passwords are
    /// ice-chars (ASCII), for which that preparation is the identity, so the key is the UTF-8 bytes.
    /// </summary>
    public byte[] PasswordKey() => Encoding.UTF8.GetBytes(Password);

    /// <summary>USERNAME of a check sent to <paramref name="receiver"/> by <paramref name="sender"/>: "receiver:sender" (RFC 8445 §7.2.2).</summary>
    public static byte[] CheckUsername(IceCredentials receiver, IceCredentials sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(sender);
        return Encoding.UTF8.GetBytes(receiver.UsernameFragment + ":" + sender.UsernameFragment);
    }

    // The password is a secret: keep it out of logs.
    public override string ToString() => $"IceCredentials {{ UsernameFragment = {UsernameFragment} }}";
}
