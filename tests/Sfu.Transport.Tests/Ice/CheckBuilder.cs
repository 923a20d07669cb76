using System.Text;
using Sfu.Transport.Ice;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Ice;

/// <summary>Writes the Binding requests a browser (or a broken peer) would send, one knob per deviation.</summary>
internal sealed record CheckBuilder(IceCredentials Server, IceCredentials Browser)
{
    public bool WithUsername { get; init; } = true;
    public bool WithPriority { get; init; } = true;
    public bool WithIntegrity { get; init; } = true;
    public bool WithFingerprint { get; init; } = true;
    public bool UseCandidate { get; init; }
    public uint? Nomination { get; init; }
    public bool ClaimsControlled { get; init; }
    public string? UsernameOverride { get; init; }
    public string? PasswordOverride { get; init; }
    public ushort Method { get; init; } = StunMethod.Binding;
    public StunClass Class { get; init; } = StunClass.Request;

    public byte[] Build(byte[]? transactionId = null)
    {
        transactionId ??= System.Security.Cryptography.RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, Class, Method, transactionId);
        if (WithUsername)
        {
            writer.AppendUsername(Encoding.UTF8.GetBytes(UsernameOverride ?? $"{Server.UsernameFragment}:{Browser.UsernameFragment}"));
        }

        if (ClaimsControlled)
        {
            writer.AppendIceControlled(0x0102030405060708);
        }
        else
        {
            writer.AppendIceControlling(0x0807060504030201);
        }

        if (UseCandidate)
        {
            writer.AppendUseCandidate();
        }

        if (Nomination is uint nomination)
        {
            writer.AppendNomination(nomination);
        }

        if (WithPriority)
        {
            writer.AppendPriority(1853817087);
        }

        if (WithIntegrity)
        {
            writer.AppendMessageIntegrity(Encoding.UTF8.GetBytes(PasswordOverride ?? Server.Password));
        }

        if (WithFingerprint)
        {
            writer.AppendFingerprint();
        }

        writer.TryComplete(out int length).Should().BeTrue();
        return buffer.AsSpan(0, length).ToArray();
    }
}
