using Sfu.Actors.Runtime;
using Sfu.Actors.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>Per-actor timers, all under virtual time: nothing fires until the test advances the clock.</summary>
public sealed class TimerTests() : TestKit.TestKit(virtualTime: true)
{
    private VirtualTimeProvider Clock => VirtualTime!;

    [Fact]
    public void A_single_timer_fires_once_when_due()
    {
        var actor = StartTimerActor();
        Command(actor, new StartSingle("key", new Tick("once"), TimeSpan.FromSeconds(5)));

        Clock.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg();
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg(new Tick("once"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        ExpectNoMsg();
        Command(actor, new IsActive("key"));
        ExpectMsg(false);
    }

    [Fact]
    public void A_periodic_timer_fires_every_interval_until_cancelled()
    {
        var actor = StartTimerActor();
        Command(actor, new StartPeriodic("key", new Tick("beat"), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));

        Clock.Advance(TimeSpan.FromSeconds(4.5));
        ReceiveN(3).Should().AllBeEquivalentTo(new Tick("beat"));
        ExpectNoMsg();

        Command(actor, new IsActive("key"));
        ExpectMsg(true);
        Command(actor, new CancelTimer("key"));
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg();
    }

    [Fact]
    public void A_cancelled_timer_never_fires()
    {
        var actor = StartTimerActor();
        Command(actor, new StartSingle("key", new Tick("never"), TimeSpan.FromSeconds(1)));
        Command(actor, new CancelTimer("key"));

        Clock.Advance(TimeSpan.FromSeconds(5));

        ExpectNoMsg();
    }

    [Fact]
    public void Restarting_a_key_drops_the_message_its_old_timer_already_queued()
    {
        var actor = StartTimerActor();

        // The old timer fires while the actor is busy, so its tick is already in the mailbox when the key
        // is started again: the generation check must drop it.
        Command(actor, new FireThenRestart("key", Clock));
        Clock.Advance(TimeSpan.FromSeconds(1));

        ExpectMsg(new Tick("new"));
        ExpectNoMsg();
    }

    [Fact]
    public void Cancelling_a_key_drops_the_message_its_timer_already_queued()
    {
        var actor = StartTimerActor();

        Command(actor, new FireThenCancel("key", Clock));

        ExpectNoMsg();
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var actor = StartTimerActor();
        Command(actor, new StartPeriodic("key", new Tick("beat"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        Watch(actor);

        Sys.Stop(actor);
        ExpectTerminated(actor);
        Clock.Advance(TimeSpan.FromSeconds(5));

        ExpectNoMsg();
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_restarts()
    {
        var actor = StartTimerActor();
        Command(actor, new StartSingle("key", new Tick("before restart"), TimeSpan.FromSeconds(1)));

        actor.Tell(new Fail("boom"));
        Command(actor, new IsActive("key"));
        ExpectMsg(false);
        Clock.Advance(TimeSpan.FromSeconds(5));

        ExpectNoMsg();
    }

    [Fact]
    public void Timer_messages_have_no_sender()
    {
        var actor = StartTimerActor();
        Command(actor, new StartSingle("key", new ReportSender(), TimeSpan.FromSeconds(1)));

        Clock.Advance(TimeSpan.FromSeconds(1));

        ExpectMsg<IActorRef>().Should().BeSameAs(ActorRefs.NoSender);
    }

    private IActorRef StartTimerActor() => Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));

    /// <summary>Sends a command and waits for its acknowledgement, so the actor has acted before time moves.</summary>
    private void Command(IActorRef actor, object command)
    {
        actor.Tell(command, TestActor);
        if (command is not IsActive)
        {
            ExpectMsg("done");
        }
    }

    private sealed record Tick(string Name);

    private sealed record ReportSender;

    private sealed record StartSingle(string Key, object Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, object Message, TimeSpan InitialDelay, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    private sealed record IsActive(string Key);

    private sealed record FireThenRestart(string Key, VirtualTimeProvider Clock);

    private sealed record FireThenCancel(string Key, VirtualTimeProvider Clock);

    private sealed class TimerActor : ReceiveActor
    {
        public TimerActor(IActorRef probe)
        {
            Receive<StartSingle>(m => Done(() => Context.Timers.StartSingleTimer(m.Key, m.Message, m.Delay)));
            Receive<StartPeriodic>(m => Done(() => Context.Timers.StartPeriodicTimer(m.Key, m.Message, m.InitialDelay, m.Interval)));
            Receive<CancelTimer>(m => Done(() => Context.Timers.Cancel(m.Key)));
            Receive<IsActive>(m => Sender.Tell(Context.Timers.IsTimerActive(m.Key)));
            Receive<FireThenRestart>(m => Done(() =>
            {
                Context.Timers.StartSingleTimer(m.Key, new Tick("old"), TimeSpan.FromSeconds(1));
                m.Clock.Advance(TimeSpan.FromSeconds(1));
                Context.Timers.StartSingleTimer(m.Key, new Tick("new"), TimeSpan.FromSeconds(1));
            }));
            Receive<FireThenCancel>(m => Done(() =>
            {
                Context.Timers.StartSingleTimer(m.Key, new Tick("cancelled"), TimeSpan.FromSeconds(1));
                m.Clock.Advance(TimeSpan.FromSeconds(1));
                Context.Timers.Cancel(m.Key);
            }));
            Receive<Fail>(m => throw new InvalidOperationException(m.Reason));
            Receive<Tick>(t => probe.Tell(t));
            Receive<ReportSender>(_ => probe.Tell(Sender));
        }

        private void Done(Action action)
        {
            action();
            Sender.Tell("done");
        }
    }
}
