using Sfu.Actors.Runtime;
using Sfu.Actors.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>The TestKit must fail when it should: an expectation that cannot fail tests nothing.</summary>
public sealed class TestKitTests : TestKit.TestKit
{
    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise");

        var act = () => ExpectNoMsg(TimeSpan.FromSeconds(1));

        act.Should().Throw<TestKitAssertionException>().WithMessage("*surprise*");
    }

    [Fact]
    public void ExpectMsg_fails_on_timeout_and_on_a_different_message()
    {
        var timeout = () => ExpectMsg<string>(TimeSpan.FromMilliseconds(50));
        timeout.Should().Throw<TestKitAssertionException>().WithMessage("Timeout*");

        TestActor.Tell(42);
        var wrongType = () => ExpectMsg<string>();
        wrongType.Should().Throw<TestKitAssertionException>().WithMessage("*Int32*");

        TestActor.Tell("other");
        var wrongValue = () => ExpectMsg("expected");
        wrongValue.Should().Throw<TestKitAssertionException>().WithMessage("*other*");

        TestActor.Tell("no match");
        var noMatch = () => ExpectMsg<string>(s => s.StartsWith("match", StringComparison.Ordinal));
        noMatch.Should().Throw<TestKitAssertionException>();
    }

    [Fact]
    public void Within_fails_when_the_block_takes_longer_than_allowed()
    {
        var act = () => Within(TimeSpan.FromMilliseconds(20), () => Thread.Sleep(200));

        act.Should().Throw<TestKitAssertionException>().WithMessage("Within*");
    }

    [Fact]
    public void Within_returns_the_value_of_a_block_that_fits()
    {
        TestActor.Tell("in time");

        var received = Within(TimeSpan.FromSeconds(10), () => ExpectMsg<string>());

        received.Should().Be("in time");
    }

    [Fact]
    public void Expectations_inside_Within_wait_only_for_the_remaining_time()
    {
        var act = () => Within(TimeSpan.FromMilliseconds(300), () => ExpectMsg<string>());

        // The timeout reported is what was left of the 300 ms block, not the 3 s default.
        act.Should().Throw<TestKitAssertionException>()
            .Which.Message.Should().MatchRegex(@"^Timeout \((\d{1,3}(\.\d+)?|0) ms\)");
    }

    [Fact]
    public void FishForMessage_skips_messages_until_one_matches()
    {
        TestActor.Tell("noise");
        TestActor.Tell(1);
        TestActor.Tell("signal");

        FishForMessage<string>(m => m is "signal").Should().Be("signal");
    }

    [Fact]
    public void ReceiveN_returns_messages_in_order_and_fails_when_too_few_come()
    {
        TestActor.Tell("a");
        TestActor.Tell("b");

        ReceiveN(2).Should().Equal("a", "b");
        var act = () => ReceiveN(1, TimeSpan.FromMilliseconds(50));
        act.Should().Throw<TestKitAssertionException>();
    }

    [Fact]
    public void A_probe_replies_to_the_last_sender_and_forwards_with_the_original_sender()
    {
        var probe = CreateTestProbe("helper");
        var other = CreateTestProbe();

        probe.Ref.Tell("question", TestActor);
        probe.ExpectMsg("question");
        probe.LastSender.Should().Be(TestActor);
        probe.Reply("answer");
        ExpectMsg("answer");
        LastSender.Should().Be(probe.Ref);

        probe.Forward(other.Ref);
        other.ExpectMsg("question");
        other.LastSender.Should().Be(TestActor);

        probe.Send(other.Ref, "sent");
        other.ExpectMsg("sent");
        other.LastSender.Should().Be(probe.Ref);
        probe.Ref.Path.Name.Should().Be("helper");
    }

    [Fact]
    public void ExpectTerminated_fails_for_an_actor_that_keeps_living()
    {
        var alive = Sys.ActorOf(Props.Create(() => new Alive()));
        Watch(alive);

        var act = () => ExpectTerminated(alive, TimeSpan.FromMilliseconds(100));

        act.Should().Throw<TestKitAssertionException>();
    }

    private sealed class Alive : ReceiveActor;
}
