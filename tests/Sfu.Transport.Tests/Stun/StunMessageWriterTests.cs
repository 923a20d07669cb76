using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Stun;

/// <summary>The writer's output read back by the reader, and the writer's refusals.</summary>
public class StunMessageWriterTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("a1a2a3a4a5a6a7a8a9aaabac");
    private static readonly byte[] Key = "0123456789abcdefghijklmnopqrstuv"u8.ToArray();

    [Fact]
    public void Binding_request_with_every_ice_attribute_round_trips()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendUsername("server:abc"u8);
        writer.AppendPriority(1853817087);
        writer.AppendIceControlling(0x0102030405060708);
        writer.AppendUseCandidate();
        writer.AppendNomination(42);
        writer.AppendMessageIntegrity(Key);
        writer.AppendFingerprint();
        writer.TryComplete(out int length).Should().BeTrue();

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message).Should().BeTrue();

        message.Class.Should().Be(StunClass.Request);
        message.Method.Should().Be(StunMethod.Binding);
        message.TransactionId.SequenceEqual(TransactionId).Should().BeTrue();
        message.Username.SequenceEqual("server:abc"u8).Should().BeTrue();
        message.Priority.Should().Be(1853817087u);
        message.IceControllingTieBreaker.Should().Be(0x0102030405060708ul);
        message.HasUseCandidate.Should().BeTrue();
        message.Nomination.Should().Be(42u);
        message.HasFingerprint.Should().BeTrue();
        message.VerifyMessageIntegrity(Key).Should().BeTrue();
    }

    [Fact]
    public void Padding_is_zero_and_the_length_field_counts_padded_values()
    {
        var buffer = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendUsername("abcde"u8);
        writer.TryComplete(out int length).Should().BeTrue();

        length.Should().Be(20 + 4 + 8);
        buffer.AsSpan(2, 2).ToArray().Should().Equal(0x00, 0x0C);
        buffer.AsSpan(20, 12).ToArray().Should().Equal(HexText.Parse("00 06 00 05  61 62 63 64  65 00 00 00"));
    }

    [Theory]
    [InlineData("203.0.113.9", 1)]
    [InlineData("::1", 65535)]
    [InlineData("2001:db8::42", 443)]
    public void Success_response_carries_the_mapped_address_integrity_and_fingerprint(string ip, int port)
    {
        NetAddress.TryParse(ip, out NetAddress address).Should().BeTrue();
        var buffer = new byte[StunBindingResponses.MaxLength];

        StunBindingResponses.TryWriteSuccess(buffer, TransactionId, address, (ushort)port, Key, out int length).Should().BeTrue();

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message).Should().BeTrue();
        message.Class.Should().Be(StunClass.SuccessResponse);
        message.TransactionId.SequenceEqual(TransactionId).Should().BeTrue();
        message.TryGetXorMappedAddress(out NetAddress mapped, out ushort mappedPort).Should().BeTrue();
        mapped.Should().Be(address);
        mappedPort.Should().Be((ushort)port);
        message.VerifyMessageIntegrity(Key).Should().BeTrue();
        message.HasFingerprint.Should().BeTrue();
    }

    [Theory]
    [InlineData(400, false, "Bad Request")]
    [InlineData(401, false, "Unauthenticated")]
    [InlineData(487, true, "Role Conflict")]
    public void Error_response_carries_code_reason_and_integrity_only_when_authenticated(int code, bool authenticated, string reason)
    {
        var buffer = new byte[StunBindingResponses.MaxLength];

        StunBindingResponses.TryWriteError(buffer, TransactionId, StunMethod.Binding, code, authenticated, Key, out int length).Should().BeTrue();

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message).Should().BeTrue();
        message.Class.Should().Be(StunClass.ErrorResponse);
        message.ErrorCode.Should().Be(code);
        System.Text.Encoding.UTF8.GetString(message.ErrorReason).Should().Be(reason);
        message.HasMessageIntegrity.Should().Be(authenticated);
        message.HasFingerprint.Should().BeTrue();
    }

    [Fact]
    public void Every_buffer_too_small_for_the_response_fails_cleanly()
    {
        NetAddress.TryParse("2001:db8::42", out NetAddress address);
        var full = new byte[StunBindingResponses.MaxLength];
        StunBindingResponses.TryWriteSuccess(full, TransactionId, address, 9, Key, out int needed).Should().BeTrue();

        for (int size = 0; size < needed; size++)
        {
            var buffer = new byte[size];
            StunBindingResponses.TryWriteSuccess(buffer, TransactionId, address, 9, Key, out int length).Should().BeFalse();
            length.Should().Be(0);
        }
    }

    [Fact]
    public void Only_fingerprint_may_follow_integrity_and_nothing_may_follow_fingerprint()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AppendMessageIntegrity(Key).Should().BeTrue();
        writer.AppendPriority(1).Should().BeFalse();
        writer.HasFailed.Should().BeTrue();

        var second = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        second.AppendMessageIntegrity(Key).Should().BeTrue();
        second.AppendFingerprint().Should().BeTrue();
        second.AppendFingerprint().Should().BeFalse();
        second.TryComplete(out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(299)]
    [InlineData(700)]
    [InlineData(0)]
    public void Error_code_outside_300_to_699_is_refused(int code)
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, TransactionId);

        writer.AppendErrorCode(code).Should().BeFalse();
        writer.TryComplete(out _).Should().BeFalse();
    }

    [Fact]
    public void Transaction_id_of_the_wrong_size_is_a_programming_error()
    {
        Action act = () => _ = new StunMessageWriter(new byte[64], StunClass.Request, StunMethod.Binding, new byte[11]);

        act.Should().Throw<ArgumentException>();
    }
}
