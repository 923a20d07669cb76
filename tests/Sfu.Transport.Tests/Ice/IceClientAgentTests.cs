using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Ice;

/// <summary>The controlling test client: what its checks carry, its retransmission schedule, how it judges answers.</summary>
public class IceClientAgentTests
{
    private static readonly IceCredentials Local = new("clnt", "client-password-0123456789");
    private static readonly IceCredentials Remote = new("server0ufrag", "server-password-0123456789");
    private static readonly NetAddress Loopback = NetAddress.FromIPv4([127, 0, 0, 1]);

    private readonly IceClientAgent client = new(Local, Remote, priority: 2130706431, tieBreaker: 0xAABBCCDDEEFF0011);
    private readonly byte[] buffer = new byte[IceClientAgent.MaxRequestLength];

    [Fact]
    public void Check_carries_username_priority_controlling_use_candidate_integrity_and_fingerprint()
    {
        client.TryStartCheck(0, buffer, out int length).Should().BeTrue();

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage request).Should().BeTrue();
        request.Class.Should().Be(StunClass.Request);
        request.Method.Should().Be(StunMethod.Binding);
        request.Username.SequenceEqual("server0ufrag:clnt"u8).Should().BeTrue("USERNAME is receiver:sender (RFC 8445 §7.2.2)");
        request.Priority.Should().Be(2130706431u);
        request.HasIceControlling.Should().BeTrue();
        request.IceControllingTieBreaker.Should().Be(0xAABBCCDDEEFF0011ul);
        request.HasIceControlled.Should().BeFalse();
        request.HasUseCandidate.Should().BeTrue();
        request.VerifyMessageIntegrity(Remote.PasswordKey()).Should().BeTrue("checks are signed with the receiver's password");
        request.HasFingerprint.Should().BeTrue();
    }

    [Fact]
    public void Check_without_nomination_omits_use_candidate()
    {
        client.UseCandidate = false;
        client.TryStartCheck(0, buffer, out int length);

        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage request).Should().BeTrue();

        request.HasUseCandidate.Should().BeFalse();
    }

    [Fact]
    public void Retransmissions_follow_the_rfc_8489_schedule_then_time_out()
    {
        client.TryStartCheck(0, buffer, out int firstLength);
        byte[] first = buffer.AsSpan(0, firstLength).ToArray();
        var sentAt = new List<long> { 0 };
        long timedOutAt = -1;

        for (long now = 1; now <= 60_000 && timedOutAt < 0; now++)
        {
            switch (client.OnTimer(now, buffer, out int length))
            {
                case IceClientTimerResult.Retransmit:
                    sentAt.Add(now);
                    buffer.AsSpan(0, length).ToArray().Should().Equal(first, "a retransmission repeats the request exactly");
                    break;
                case IceClientTimerResult.TimedOut:
                    timedOutAt = now;
                    break;
            }
        }

        // RFC 8489 §6.2.1 with RTO 500 ms, Rc 7, Rm 16.
        sentAt.Should().Equal(0, 500, 1500, 3500, 7500, 15500, 31500);
        timedOutAt.Should().Be(39500);
        client.IsCheckPending.Should().BeFalse();
        client.OnTimer(100_000, buffer, out _).Should().Be(IceClientTimerResult.Idle);
    }

    [Fact]
    public void Success_response_with_valid_integrity_reports_the_mapped_address_and_ends_the_check()
    {
        byte[] transactionId = StartCheck();
        byte[] answer = Success(transactionId, Remote.PasswordKey(), port: 40000);

        IceClientResponse result = client.HandleResponse(answer);

        result.Kind.Should().Be(IceClientResponseKind.Success);
        result.MappedAddress.Should().Be(Loopback);
        result.MappedPort.Should().Be(40000);
        client.IsCheckPending.Should().BeFalse();
        client.HandleResponse(answer).Kind.Should().Be(IceClientResponseKind.NotMatched, "the transaction is over");
    }

    [Fact]
    public void Response_with_wrong_integrity_is_discarded_and_the_check_stays_pending()
    {
        byte[] transactionId = StartCheck();

        client.HandleResponse(Success(transactionId, "forged"u8.ToArray(), port: 1)).Kind.Should().Be(IceClientResponseKind.Discarded);

        client.IsCheckPending.Should().BeTrue();
        client.HandleResponse(Success(transactionId, Remote.PasswordKey(), port: 2)).Kind.Should().Be(IceClientResponseKind.Success);
    }

    [Fact]
    public void Response_to_another_transaction_is_not_matched()
    {
        StartCheck();

        client.HandleResponse(Success(new byte[12], Remote.PasswordKey(), port: 1)).Kind.Should().Be(IceClientResponseKind.NotMatched);

        client.IsCheckPending.Should().BeTrue();
    }

    [Fact]
    public void Unauthenticated_401_is_reported_as_an_error()
    {
        byte[] transactionId = StartCheck();
        var answer = new byte[StunBindingResponses.MaxLength];
        StunBindingResponses.TryWriteError(answer, transactionId, StunMethod.Binding, 401, authenticated: false, default, out int length);

        IceClientResponse result = client.HandleResponse(answer.AsSpan(0, length));

        result.Kind.Should().Be(IceClientResponseKind.Error);
        result.ErrorCode.Should().Be(401);
        client.IsCheckPending.Should().BeFalse();
    }

    [Fact]
    public void Starting_a_new_check_abandons_the_pending_one()
    {
        byte[] first = StartCheck();
        byte[] second = StartCheck();

        second.Should().NotEqual(first);
        client.HandleResponse(Success(first, Remote.PasswordKey(), 1)).Kind.Should().Be(IceClientResponseKind.NotMatched);
        client.HandleResponse(Success(second, Remote.PasswordKey(), 1)).Kind.Should().Be(IceClientResponseKind.Success);
    }

    [Fact]
    public void Nothing_is_matched_when_no_check_is_pending()
    {
        client.HandleResponse(Success(new byte[12], Remote.PasswordKey(), 1)).Kind.Should().Be(IceClientResponseKind.NotMatched);
        client.OnTimer(1_000_000, buffer, out _).Should().Be(IceClientTimerResult.Idle);
        client.NextTimerMs.Should().BeNull();
    }

    private byte[] StartCheck()
    {
        client.TryStartCheck(0, buffer, out int length).Should().BeTrue();
        StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage request).Should().BeTrue();
        return request.TransactionId.ToArray();
    }

    private static byte[] Success(byte[] transactionId, byte[] key, ushort port)
    {
        var answer = new byte[StunBindingResponses.MaxLength];
        StunBindingResponses.TryWriteSuccess(answer, transactionId, Loopback, port, key, out int length).Should().BeTrue();
        return answer.AsSpan(0, length).ToArray();
    }
}
