using System.Buffers.Binary;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Stun;

/// <summary>What the reader accepts and rejects (RFC 8489 §5, §14).</summary>
public class StunMessageTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("000102030405060708090a0b");

    [Fact]
    public void Header_only_binding_request_is_valid()
    {
        byte[] message = HexText.Parse("00 01 00 00  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b");

        StunMessage.TryParse(message, out StunMessage parsed).Should().BeTrue();

        parsed.Class.Should().Be(StunClass.Request);
        parsed.HasUsername.Should().BeFalse();
        parsed.HasMessageIntegrity.Should().BeFalse();
        parsed.HasFingerprint.Should().BeFalse();
        parsed.Username.IsEmpty.Should().BeTrue();
        parsed.TryGetXorMappedAddress(out _, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("40 01 00 00  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b", "top bit set")]
    [InlineData("80 01 00 00  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b", "RTP-looking first byte")]
    [InlineData("00 01 00 00  21 12 a4 43  00 01 02 03  04 05 06 07  08 09 0a 0b", "wrong magic cookie")]
    [InlineData("00 01 00 02  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 00", "length not a multiple of 4")]
    [InlineData("00 01 00 04  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b", "length longer than the datagram")]
    [InlineData("00 01 00 00  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 00 00 00", "datagram longer than the length")]
    [InlineData("00 01 00 00  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a", "shorter than a header")]
    [InlineData("", "empty")]
    [InlineData("00 01 00 08  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 06 00 05  61 62 63 64", "attribute runs past the end")]
    [InlineData("00 01 00 08  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 24 00 02  00 01 00 00", "PRIORITY of 2 bytes")]
    [InlineData("00 01 00 08  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 25 00 04  00 00 00 00", "USE-CANDIDATE with a value")]
    [InlineData("00 01 00 08  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  80 2a 00 04  00 00 00 01", "ICE-CONTROLLING of 4 bytes")]
    [InlineData("00 01 00 08  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 08 00 04  00 00 00 01", "MESSAGE-INTEGRITY of 4 bytes")]
    [InlineData("01 11 00 08  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 09 00 04  00 00 07 01", "ERROR-CODE class 7")]
    [InlineData("01 11 00 08  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 09 00 04  00 00 04 64", "ERROR-CODE number 100")]
    [InlineData("01 11 00 04  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 09 00 00", "ERROR-CODE without class and number")]
    [InlineData("01 01 00 0c  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 20 00 08  00 02 a1 47  e1 12 a6 43", "XOR-MAPPED-ADDRESS IPv6 family with 4 address bytes")]
    [InlineData("01 01 00 0c  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b  00 20 00 08  00 03 a1 47  e1 12 a6 43", "XOR-MAPPED-ADDRESS unknown family")]
    public void Malformed_message_is_rejected_without_throwing(string hex, string why)
    {
        StunMessage.TryParse(HexText.Parse(hex), out _).Should().BeFalse(why);
    }

    [Fact]
    public void Attribute_after_fingerprint_makes_the_message_invalid()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendFingerprint();
        writer.TryComplete(out int length);
        // Append an empty SOFTWARE by hand after FINGERPRINT, with a header length and a CRC that account for
        // it, so that only the placement is wrong.
        HexText.Parse("80 22 00 00").CopyTo(buffer, length);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(length + 4 - 20));
        uint crc = Crc32.Compute(buffer.AsSpan(0, length - 8)) ^ StunConstants.FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(length - 4), crc);

        StunMessage.TryParse(buffer.AsSpan(0, length + 4), out _).Should().BeFalse();
    }

    [Fact]
    public void Attributes_between_integrity_and_fingerprint_are_ignored()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendUsername("a:b"u8);
        writer.AppendMessageIntegrity("key"u8);
        writer.TryComplete(out int integrityEnd);
        // RFC 8489 §14.5: a PRIORITY placed after MESSAGE-INTEGRITY must not be honoured.
        byte[] message = [.. buffer.AsSpan(0, integrityEnd), .. HexText.Parse("00 24 00 04  6e 00 01 ff")];
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)(message.Length - 20));

        StunMessage.TryParse(message, out StunMessage parsed).Should().BeTrue();

        parsed.HasPriority.Should().BeFalse();
        parsed.VerifyMessageIntegrity("key"u8).Should().BeTrue("the HMAC covers only what precedes it, with the length adjusted");
    }

    [Fact]
    public void First_of_repeated_attributes_wins()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendPriority(1);
        writer.AppendPriority(2);
        writer.AppendUsername("first:x"u8);
        writer.AppendUsername("second:y"u8);
        writer.TryComplete(out int length);

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage parsed).Should().BeTrue();

        parsed.Priority.Should().Be(1u);
        parsed.Username.SequenceEqual("first:x"u8).Should().BeTrue();
    }

    [Fact]
    public void Error_code_reads_as_class_times_100_plus_number_with_its_reason()
    {
        byte[] message = Corpus.Sample("Stun/TestData", "error-487");

        StunMessage.TryParse(message, out StunMessage parsed).Should().BeTrue();

        parsed.Class.Should().Be(StunClass.ErrorResponse);
        parsed.HasErrorCode.Should().BeTrue();
        parsed.ErrorCode.Should().Be(487);
        parsed.ErrorReason.SequenceEqual("Role Conflict"u8).Should().BeTrue();
        parsed.VerifyMessageIntegrity("w4y7u1i0o3p6a9s2d5f8g1h4j7k0l3z6"u8).Should().BeTrue();
    }

    [Fact]
    public void Integrity_of_a_message_without_the_attribute_never_verifies()
    {
        byte[] message = Corpus.Sample("Stun/TestData", "error-401");

        StunMessage.TryParse(message, out StunMessage parsed).Should().BeTrue();

        parsed.HasMessageIntegrity.Should().BeFalse();
        parsed.VerifyMessageIntegrity("anything"u8).Should().BeFalse();
    }

    [Fact]
    public void Integrity_over_a_message_larger_than_the_stack_copy_still_verifies()
    {
        var buffer = new byte[4096];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendAttribute(StunAttributeType.Software, new byte[3000]);
        writer.AppendMessageIntegrity("key"u8);
        writer.AppendFingerprint();
        writer.TryComplete(out int length).Should().BeTrue();

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage parsed).Should().BeTrue();

        parsed.VerifyMessageIntegrity("key"u8).Should().BeTrue();
        parsed.VerifyMessageIntegrity("kez"u8).Should().BeFalse();
    }

    [Fact]
    public void Chromium_like_check_exposes_every_ice_attribute()
    {
        byte[] message = Corpus.Sample("Stun/TestData", "chromium-binding-request");

        StunMessage.TryParse(message, out StunMessage parsed).Should().BeTrue();

        parsed.Username.SequenceEqual("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9:Hx7Q"u8).Should().BeTrue();
        parsed.HasIceControlling.Should().BeTrue();
        parsed.IceControllingTieBreaker.Should().Be(0x1f2e3d4c5b6a7988ul);
        parsed.HasUseCandidate.Should().BeTrue();
        parsed.Priority.Should().Be(0x6e7f1effu);
        parsed.HasFingerprint.Should().BeTrue();
        parsed.VerifyMessageIntegrity("w4y7u1i0o3p6a9s2d5f8g1h4j7k0l3z6"u8).Should().BeTrue();
    }

    [Fact]
    public void Success_response_sample_maps_to_loopback()
    {
        StunMessage.TryParse(Corpus.Sample("Stun/TestData", "success-ipv4"), out StunMessage parsed).Should().BeTrue();

        parsed.TryGetXorMappedAddress(out NetAddress address, out ushort port).Should().BeTrue();

        address.ToString().Should().Be("127.0.0.1");
        port.Should().Be(50123);
    }

    [Fact]
    public void Nomination_keeps_its_24_bit_value()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendAttribute(StunAttributeType.Nomination, HexText.Parse("ff 00 00 07"));
        writer.TryComplete(out int length);

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage parsed).Should().BeTrue();

        parsed.HasNomination.Should().BeTrue();
        parsed.Nomination.Should().Be(7u);
    }
}
