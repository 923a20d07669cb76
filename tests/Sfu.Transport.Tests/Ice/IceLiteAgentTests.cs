using System.Text;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Ice;

/// <summary>The ICE-lite server agent against the checks of PROTOCOL §7.1 / R80 and RFC 8445 §7.3.</summary>
public class IceLiteAgentTests
{
    private const long ConsentMs = 30_000;

    private static readonly IceCredentials Server = new("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9", "w4y7u1i0o3p6a9s2d5f8g1h4j7k0l3z6");
    private static readonly IceCredentials Browser = new("Hx7Q", "kX2mP9qL4vR8sT1wY6zA3bC5");
    private static readonly TransportTuple BrowserUdp = Tuple("192.0.2.10", 50000, TransportProtocol.Udp);
    private static readonly TransportTuple BrowserOtherUdp = Tuple("198.51.100.20", 60000, TransportProtocol.Udp);
    private static readonly TransportTuple BrowserTcp = Tuple("192.0.2.10", 50001, TransportProtocol.Tcp);

    private readonly IceLiteAgent agent = new(Server);
    private readonly CheckBuilder check = new(Server, Browser);
    private readonly byte[] response = new byte[StunBindingResponses.MaxLength];
    private readonly List<(IceState From, IceState To)> transitions = [];
    private readonly List<TransportTuple?> selections = [];

    public IceLiteAgentTests()
    {
        agent.StateChanged = (from, to) => transitions.Add((from, to));
        agent.SelectedTupleChanged = tuple => selections.Add(tuple);
    }

    [Fact]
    public void Valid_check_gets_a_success_with_the_mapped_address_and_connects_on_that_tuple()
    {
        byte[] transactionId = Convert.FromHexString("0102030405060708090a0b0c");

        IceCheckOutcome outcome = Send(check.Build(transactionId), BrowserUdp, nowMs: 1000, out StunReply reply);

        outcome.Should().Be(IceCheckOutcome.Success);
        reply.Class.Should().Be(StunClass.SuccessResponse);
        reply.TransactionId.Should().Equal(transactionId);
        reply.MappedAddress.Should().Be(BrowserUdp.Address);
        reply.MappedPort.Should().Be(BrowserUdp.Port);
        reply.IntegrityVerifiesWithServerPassword.Should().BeTrue();
        reply.HasFingerprint.Should().BeTrue();
        agent.State.Should().Be(IceState.Connected);
        agent.SelectedTuple.Should().Be(BrowserUdp);
        agent.IsValidated(BrowserUdp).Should().BeTrue();
        transitions.Should().Equal((IceState.New, IceState.Connected));
        selections.Should().Equal(BrowserUdp);
    }

    [Fact]
    public void Use_candidate_completes_and_selects_the_nominated_tuple()
    {
        Send(check.Build(), BrowserUdp, nowMs: 0, out _);
        Send(check.Build(), BrowserOtherUdp, nowMs: 10, out _).Should().Be(IceCheckOutcome.Success);
        agent.SelectedTuple.Should().Be(BrowserUdp, "a check without nomination does not move the selection");

        Send(check with { UseCandidate = true }, BrowserOtherUdp, nowMs: 20).Should().Be(IceCheckOutcome.Success);

        agent.State.Should().Be(IceState.Completed);
        agent.SelectedTuple.Should().Be(BrowserOtherUdp);
        agent.ValidatedTupleCount.Should().Be(2);
        transitions.Should().Equal((IceState.New, IceState.Connected), (IceState.Connected, IceState.Completed));
    }

    [Fact]
    public void First_check_with_use_candidate_goes_straight_to_completed()
    {
        Send(check with { UseCandidate = true }, BrowserUdp, nowMs: 0).Should().Be(IceCheckOutcome.Success);

        agent.State.Should().Be(IceState.Completed);
        transitions.Should().Equal((IceState.New, IceState.Completed));
    }

    [Fact]
    public void Later_nomination_of_another_tuple_switches_the_selection()
    {
        Send(check with { UseCandidate = true }, BrowserUdp, nowMs: 0);

        Send(check with { UseCandidate = true }, BrowserTcp, nowMs: 100).Should().Be(IceCheckOutcome.Success);

        agent.State.Should().Be(IceState.Completed);
        agent.SelectedTuple.Should().Be(BrowserTcp);
        selections.Should().Equal(BrowserUdp, BrowserTcp);
    }

    [Fact]
    public void Renomination_follows_only_a_higher_nomination_value()
    {
        Send(check with { Nomination = 2 }, BrowserUdp, nowMs: 0);
        agent.State.Should().Be(IceState.Completed);

        Send(check with { Nomination = 1 }, BrowserOtherUdp, nowMs: 10);
        agent.SelectedTuple.Should().Be(BrowserUdp, "a reordered, older nomination must not take the path back");

        Send(check with { Nomination = 3 }, BrowserOtherUdp, nowMs: 20);
        agent.SelectedTuple.Should().Be(BrowserOtherUdp);
    }

    [Fact]
    public void Stun_request_with_wrong_integrity_gets_401_and_changes_nothing()
    {
        IceCheckOutcome outcome = Send(check with { PasswordOverride = "not-the-server-password" }, BrowserUdp, 0, out StunReply reply);

        outcome.Should().Be(IceCheckOutcome.Unauthorized);
        reply.Class.Should().Be(StunClass.ErrorResponse);
        reply.ErrorCode.Should().Be(401);
        reply.HasIntegrity.Should().BeFalse("a 401 cannot be authenticated (RFC 8489 §9.1.3)");
        reply.HasFingerprint.Should().BeTrue();
        agent.State.Should().Be(IceState.New);
        agent.IsValidated(BrowserUdp).Should().BeFalse();
        agent.SelectedTuple.Should().BeNull();
        transitions.Should().BeEmpty();
    }

    [Fact]
    public void Stun_request_with_wrong_integrity_does_not_refresh_consent()
    {
        Send(check.Build(), BrowserUdp, nowMs: 0, out _);

        Send(check with { PasswordOverride = "wrong" }, BrowserUdp, nowMs: ConsentMs - 1);

        agent.CheckConsent(ConsentMs).Should().BeTrue();
        agent.State.Should().Be(IceState.Disconnected);
    }

    [Theory]
    [InlineData("someoneelse000000000000000000000:Hx7Q")]
    [InlineData("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9")]
    [InlineData("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9Hx7Q")]
    [InlineData("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e:Hx7Q")]
    [InlineData(":k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9")]
    public void Username_not_starting_with_our_ufrag_and_colon_gets_401(string username)
    {
        Send(check with { UsernameOverride = username }, BrowserUdp, 0, out StunReply reply).Should().Be(IceCheckOutcome.Unauthorized);

        reply.ErrorCode.Should().Be(401);
        agent.State.Should().Be(IceState.New);
    }

    [Fact]
    public void Known_remote_ufrag_must_match_the_second_half_of_the_username()
    {
        var strict = new IceLiteAgent(Server, Browser);

        strict.HandleRequest((check with { UsernameOverride = $"{Server.UsernameFragment}:Zz9Z" }).Build(), BrowserUdp, response, out _, 0)
            .Should().Be(IceCheckOutcome.Unauthorized);
        strict.HandleRequest(check.Build(), BrowserUdp, response, out _, 0).Should().Be(IceCheckOutcome.Success);
    }

    [Theory]
    [InlineData("username")]
    [InlineData("integrity")]
    [InlineData("priority")]
    [InlineData("fingerprint")]
    public void Check_missing_a_required_attribute_gets_400_and_changes_nothing(string missing)
    {
        CheckBuilder broken = missing switch
        {
            "username" => check with { WithUsername = false },
            "integrity" => check with { WithIntegrity = false },
            "priority" => check with { WithPriority = false },
            _ => check with { WithFingerprint = false },
        };

        Send(broken.Build(), BrowserUdp, 0, out StunReply reply).Should().Be(IceCheckOutcome.BadRequest);

        reply.Class.Should().Be(StunClass.ErrorResponse);
        reply.ErrorCode.Should().Be(400);
        reply.HasIntegrity.Should().BeFalse();
        agent.State.Should().Be(IceState.New);
        transitions.Should().BeEmpty();
    }

    [Fact]
    public void Request_of_another_method_gets_400()
    {
        Send(check with { Method = 0x003 }, BrowserUdp, 0).Should().Be(IceCheckOutcome.BadRequest);
    }

    [Fact]
    public void Peer_claiming_ice_controlled_gets_an_authenticated_487_and_changes_nothing()
    {
        Send(check with { ClaimsControlled = true, UseCandidate = true }, BrowserUdp, 0, out StunReply reply)
            .Should().Be(IceCheckOutcome.RoleConflict);

        reply.ErrorCode.Should().Be(487);
        reply.IntegrityVerifiesWithServerPassword.Should().BeTrue();
        reply.HasFingerprint.Should().BeTrue();
        agent.State.Should().Be(IceState.New);
        agent.IsValidated(BrowserUdp).Should().BeFalse();
    }

    [Fact]
    public void Rfc5769_sample_request_claims_ice_controlled_and_gets_487()
    {
        // RFC 5769 §2.1: USERNAME "evtj:h6vY", ICE-CONTROLLED, short-term password "VOkJxbRl1RmTxUk/WvJxBt".
        var rfcAgent = new IceLiteAgent(new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt"));
        byte[] sample = Stun.Corpus.Sample("Stun/TestData", "rfc5769-sample-request");

        rfcAgent.HandleRequest(sample, BrowserUdp, response, out int length, 0).Should().Be(IceCheckOutcome.RoleConflict);

        StunMessage.TryParse(response.AsSpan(0, length), out StunMessage reply).Should().BeTrue();
        reply.ErrorCode.Should().Be(487);
    }

    [Fact]
    public void Consent_expires_after_30_seconds_without_a_valid_check()
    {
        Send(check with { UseCandidate = true }, BrowserUdp, nowMs: 5_000);

        agent.ConsentExpiresAtMs.Should().Be(5_000 + ConsentMs);
        agent.CheckConsent(5_000 + ConsentMs - 1).Should().BeFalse();
        agent.State.Should().Be(IceState.Completed);

        agent.CheckConsent(5_000 + ConsentMs).Should().BeTrue();

        agent.State.Should().Be(IceState.Disconnected);
        agent.SelectedTuple.Should().BeNull();
        agent.IsValidated(BrowserUdp).Should().BeFalse();
        agent.ConsentExpiresAtMs.Should().BeNull();
        transitions.Should().EndWith((IceState.Completed, IceState.Disconnected));
        selections.Should().EndWith((TransportTuple?)null);
    }

    [Fact]
    public void Each_valid_check_pushes_consent_further()
    {
        Send(check.Build(), BrowserUdp, nowMs: 0, out _);
        for (long now = 10_000; now <= 120_000; now += 10_000)
        {
            Send(check.Build(), BrowserUdp, now, out _);
            agent.CheckConsent(now + ConsentMs - 1).Should().BeFalse();
        }

        agent.State.Should().Be(IceState.Connected);
    }

    [Fact]
    public void New_check_after_consent_loss_connects_again()
    {
        Send(check.Build(), BrowserUdp, nowMs: 0, out _);
        agent.CheckConsent(ConsentMs);

        Send(check.Build(), BrowserUdp, nowMs: ConsentMs + 500, out _).Should().Be(IceCheckOutcome.Success);

        agent.State.Should().Be(IceState.Connected);
        agent.SelectedTuple.Should().Be(BrowserUdp);
        transitions.Should().Equal(
            (IceState.New, IceState.Connected),
            (IceState.Connected, IceState.Disconnected),
            (IceState.Disconnected, IceState.Connected));
    }

    [Fact]
    public void Consent_is_not_watched_before_the_first_valid_check()
    {
        agent.CheckConsent(10 * ConsentMs).Should().BeFalse();

        agent.State.Should().Be(IceState.New);
    }

    [Fact]
    public void Closed_agent_ignores_everything()
    {
        Send(check with { UseCandidate = true }, BrowserUdp, nowMs: 0);

        agent.Close();

        agent.State.Should().Be(IceState.Closed);
        agent.IsValidated(BrowserUdp).Should().BeFalse();
        agent.HandleRequest(check.Build(), BrowserUdp, response, out int length, 1).Should().Be(IceCheckOutcome.AgentClosed);
        length.Should().Be(0);
        agent.HandleRequest((check with { WithPriority = false }).Build(), BrowserUdp, response, out length, 2).Should().Be(IceCheckOutcome.AgentClosed);
        length.Should().Be(0);
        agent.CheckConsent(10 * ConsentMs).Should().BeFalse();
        agent.State.Should().Be(IceState.Closed);
        transitions.Should().EndWith((IceState.Completed, IceState.Closed));
    }

    [Theory]
    [InlineData(StunClass.Indication)]
    [InlineData(StunClass.SuccessResponse)]
    [InlineData(StunClass.ErrorResponse)]
    public void Indications_and_responses_are_ignored_without_an_answer(StunClass messageClass)
    {
        agent.HandleRequest((check with { Class = messageClass }).Build(), BrowserUdp, response, out int length, 0)
            .Should().Be(IceCheckOutcome.NotARequest);

        length.Should().Be(0);
        agent.State.Should().Be(IceState.New);
    }

    [Fact]
    public void Garbage_is_malformed_and_unanswered()
    {
        agent.HandleRequest([0x16, 0xFE, 0xFD, 0x00], BrowserUdp, response, out int length, 0).Should().Be(IceCheckOutcome.Malformed);

        length.Should().Be(0);
    }

    [Fact]
    public void Check_from_an_ipv4_mapped_ipv6_source_is_answered_with_the_plain_ipv4_address()
    {
        var mapped = Tuple("::ffff:192.0.2.10", 50000, TransportProtocol.Udp);

        Send(check.Build(), mapped, 0, out StunReply reply).Should().Be(IceCheckOutcome.Success);

        reply.MappedAddress.Should().Be(BrowserUdp.Address);
        agent.IsValidated(mapped).Should().BeTrue();
    }

    [Fact]
    public void Removing_the_selected_tuple_falls_back_to_the_most_recently_checked_one()
    {
        Send(check.Build(), BrowserUdp, nowMs: 0, out _);
        Send(check.Build(), BrowserOtherUdp, nowMs: 10, out _);
        Send(check with { UseCandidate = true }, BrowserTcp, nowMs: 20);

        agent.RemoveTuple(BrowserTcp).Should().BeTrue();

        agent.SelectedTuple.Should().Be(BrowserOtherUdp);
        agent.State.Should().Be(IceState.Completed);
        agent.IsValidated(BrowserTcp).Should().BeFalse();
        agent.RemoveTuple(BrowserTcp).Should().BeFalse();
    }

    [Fact]
    public void Removing_the_last_tuple_disconnects()
    {
        Send(check with { UseCandidate = true }, BrowserTcp, nowMs: 0);

        agent.RemoveTuple(BrowserTcp).Should().BeTrue();

        agent.State.Should().Be(IceState.Disconnected);
        agent.SelectedTuple.Should().BeNull();
        selections.Should().Equal(BrowserTcp, null);
    }

    [Fact]
    public void Removing_an_unselected_tuple_keeps_the_selection()
    {
        Send(check with { UseCandidate = true }, BrowserUdp, nowMs: 0);
        Send(check.Build(), BrowserOtherUdp, nowMs: 10, out _);

        agent.RemoveTuple(BrowserOtherUdp).Should().BeTrue();

        agent.SelectedTuple.Should().Be(BrowserUdp);
        selections.Should().Equal(BrowserUdp);
    }

    [Fact]
    public void Beyond_the_tuple_limit_the_least_recently_checked_unselected_tuple_is_forgotten()
    {
        Send(check with { UseCandidate = true }, BrowserUdp, nowMs: 0);
        for (int i = 1; i <= IceLiteAgent.MaxTuples; i++)
        {
            Send(check.Build(), Tuple("203.0.113.1", (ushort)(40000 + i), TransportProtocol.Udp), nowMs: i, out _);
        }

        agent.ValidatedTupleCount.Should().Be(IceLiteAgent.MaxTuples);
        agent.IsValidated(BrowserUdp).Should().BeTrue("the selected tuple is never evicted");
        agent.IsValidated(Tuple("203.0.113.1", 40001, TransportProtocol.Udp)).Should().BeFalse();
        agent.IsValidated(Tuple("203.0.113.1", (ushort)(40000 + IceLiteAgent.MaxTuples), TransportProtocol.Udp)).Should().BeTrue();
    }

    [Fact]
    public void Udp_and_tcp_tuples_with_the_same_address_and_port_are_different_paths()
    {
        var udp = Tuple("192.0.2.10", 50000, TransportProtocol.Udp);
        var tcp = Tuple("192.0.2.10", 50000, TransportProtocol.Tcp);

        Send(check.Build(), udp, 0, out _);

        agent.IsValidated(udp).Should().BeTrue();
        agent.IsValidated(tcp).Should().BeFalse();
    }

    [Theory]
    [InlineData(9)]
    [InlineData(61)]
    public void Consent_timeout_outside_10_to_60_seconds_is_refused(int seconds)
    {
        Action create = () => _ = new IceLiteAgent(Server, consentTimeout: TimeSpan.FromSeconds(seconds));

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Shorter_configured_consent_timeout_applies()
    {
        var quick = new IceLiteAgent(Server, consentTimeout: TimeSpan.FromSeconds(10));
        quick.HandleRequest(check.Build(), BrowserUdp, response, out _, 0);

        quick.CheckConsent(9_999).Should().BeFalse();
        quick.CheckConsent(10_000).Should().BeTrue();
    }

    [Fact]
    public void Response_buffer_too_small_still_validates_but_sends_nothing()
    {
        agent.HandleRequest(check.Build(), BrowserUdp, new byte[10], out int length, 0).Should().Be(IceCheckOutcome.Success);

        length.Should().Be(0);
        agent.State.Should().Be(IceState.Connected);
    }

    private static TransportTuple Tuple(string ip, ushort port, TransportProtocol protocol)
    {
        NetAddress.TryParse(ip, out NetAddress address).Should().BeTrue();
        return new TransportTuple(address, port, protocol);
    }

    private IceCheckOutcome Send(CheckBuilder builder, TransportTuple from, long nowMs) => Send(builder.Build(), from, nowMs, out _);

    private IceCheckOutcome Send(CheckBuilder builder, TransportTuple from, long nowMs, out StunReply reply) =>
        Send(builder.Build(), from, nowMs, out reply);

    private IceCheckOutcome Send(byte[] datagram, TransportTuple from, long nowMs, out StunReply reply)
    {
        IceCheckOutcome outcome = agent.HandleRequest(datagram, from, response, out int length, nowMs);
        reply = StunReply.Read(response.AsSpan(0, length));
        return outcome;
    }

    /// <summary>What came back, copied out of the ref struct view so assertions can use it.</summary>
    private sealed record StunReply(
        StunClass Class,
        byte[] TransactionId,
        int ErrorCode,
        NetAddress MappedAddress,
        ushort MappedPort,
        bool HasIntegrity,
        bool IntegrityVerifiesWithServerPassword,
        bool HasFingerprint)
    {
        public static StunReply Read(ReadOnlySpan<byte> bytes)
        {
            StunMessage.TryParse(bytes, out StunMessage message).Should().BeTrue("every answer must be valid STUN");
            message.TryGetXorMappedAddress(out NetAddress address, out ushort port);
            return new StunReply(
                message.Class,
                message.TransactionId.ToArray(),
                message.ErrorCode,
                address,
                port,
                message.HasMessageIntegrity,
                message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Server.Password)),
                message.HasFingerprint);
        }
    }
}
