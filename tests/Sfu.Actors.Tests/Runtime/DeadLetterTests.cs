using Microsoft.Extensions.Logging;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class DeadLetterTests : TestKit.TestKit
{
    [Fact]
    public void Messages_to_a_stopped_actor_are_published_as_dead_letters()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "gone");
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        target.Tell("hello?", probe.Ref);

        var letter = ExpectMsg<DeadLetter>();
        letter.Message.Should().Be("hello?");
        letter.Sender.Should().Be(probe.Ref);
        letter.Recipient.Should().Be(target);
    }

    [Fact]
    public void Dead_letters_are_logged_at_debug_with_sender_recipient_and_message_type()
    {
        var logs = new CapturingLoggerFactory();
        using var kit = new TestKit.TestKit(loggerFactory: logs);
        var target = kit.Sys.ActorOf(Props.Create(() => new Idle()), "gone");
        kit.Watch(target);
        kit.Sys.Stop(target);
        kit.ExpectTerminated(target);

        target.Tell(new Echo("late"), kit.TestActor);

        logs.Entries.Should().Contain(e =>
            e.Level == LogLevel.Debug &&
            e.Message.Contains(nameof(Echo), StringComparison.Ordinal) &&
            e.Message.Contains("sfu://test/user/testActor", StringComparison.Ordinal) &&
            e.Message.Contains("sfu://test/user/gone", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reply_to_NoSender_is_a_dead_letter()
    {
        var echo = Sys.ActorOf(LifecycleProbeActor.Props("echo", CreateTestProbe().Ref));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        echo.Tell(new Echo("nobody listens"));

        var letter = ExpectMsg<DeadLetter>();
        letter.Message.Should().Be("nobody listens");
        letter.Sender.Should().Be(echo);
        letter.Recipient.Should().BeSameAs(ActorRefs.NoSender);
    }

    [Fact]
    public void Queued_messages_of_a_stopping_actor_become_dead_letters()
    {
        var slow = Sys.ActorOf(Props.Create(() => new StopsOnFirstMessage()));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        slow.Tell("stop now");
        slow.Tell("behind the stop");

        FishForMessage<DeadLetter>(m => m is DeadLetter { Message: "behind the stop" });
    }

    [Fact]
    public void An_unhandled_message_is_published_as_UnhandledMessage()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Idle()));
        Sys.EventStream.Subscribe(TestActor, typeof(AllDeadLetters));

        actor.Tell(42);

        var unhandled = ExpectMsg<UnhandledMessage>();
        unhandled.Message.Should().Be(42);
        unhandled.Recipient.Should().Be(actor);
    }

    [Fact]
    public void Telling_the_dead_letters_reference_publishes_a_dead_letter()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        Sys.DeadLetters.Tell("straight there");

        ExpectMsg<DeadLetter>().Recipient.Should().Be(Sys.DeadLetters);
    }

    private sealed class Idle : ReceiveActor;

    private sealed class StopsOnFirstMessage : ReceiveActor
    {
        public StopsOnFirstMessage() => Receive<string>(_ => Context.Stop(Self));
    }
}
