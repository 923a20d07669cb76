using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class SupervisionTests : TestKit.TestKit
{
    [Fact]
    public void Restart_keeps_queued_messages_drops_the_failing_one_and_reruns_PreStart()
    {
        var child = Sys.ActorOf(LifecycleProbeActor.Props("child", TestActor));
        ExpectMsg("child:prestart#1");

        child.Tell(new Echo("before"), TestActor);
        child.Tell(new Fail("boom"), TestActor);
        child.Tell(new Echo("after-1"), TestActor);
        child.Tell(new Echo("after-2"), TestActor);

        ExpectMsg("before");
        ExpectMsg("child:prerestart#1:boom:Fail(boom)");
        ExpectMsg("child:poststop#1");
        ExpectMsg("child:postrestart#2:boom");
        ExpectMsg("child:prestart#2");
        ExpectMsg("after-1");
        ExpectMsg("after-2");
    }

    [Fact]
    public void Restart_keeps_the_actor_reference()
    {
        var child = Sys.ActorOf(LifecycleProbeActor.Props("child", TestActor));
        ExpectMsg("child:prestart#1");
        Watch(child);

        child.Tell(new Fail("boom"));
        FishForMessage<string>(m => m is "child:prestart#2");
        child.Tell(new Echo("still here"), TestActor);

        ExpectMsg("still here");
    }

    [Fact]
    public void Resume_keeps_the_instance_and_its_state()
    {
        var parent = CreateSupervisor(new OneForOneStrategy(_ => Directive.Resume));
        var child = CreateChild(parent, LifecycleProbeActor.Props("child", TestActor));
        ExpectMsg("child:prestart#1");

        child.Tell(new Increment());
        child.Tell(new Increment());
        child.Tell(new Fail("boom"));
        child.Tell(new Increment());
        child.Tell(new GetCount(), TestActor);

        ExpectMsg(3);
    }

    [Fact]
    public void Stop_directive_stops_the_failing_child()
    {
        var parent = CreateSupervisor(SupervisorStrategy.StoppingStrategy);
        var child = CreateChild(parent, LifecycleProbeActor.Props("child", TestActor));
        ExpectMsg("child:prestart#1");
        Watch(child);

        child.Tell(new Fail("boom"));

        ExpectMsg("child:poststop#1");
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_fails_the_parent_with_the_same_exception_and_the_grandparent_decides()
    {
        var grandparent = CreateSupervisor(new OneForOneStrategy(_ => Directive.Restart));
        var parent = CreateChild(
            grandparent,
            LifecycleProbeActor.Props("parent", TestActor).WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate)));
        ExpectMsg("parent:prestart#1");
        var child = CreateChild(parent, LifecycleProbeActor.Props("child", TestActor));
        ExpectMsg("child:prestart#1");
        Watch(child);

        child.Tell(new Fail("deep"));

        // The parent is restarted for the child's failure. Its default PreRestart stops the child and runs
        // PostStop; the new instance starts only once the child has terminated.
        ExpectMsg("parent:prerestart#1:deep:");
        var events = ReceiveN(4).Select(m => m is Terminated t ? "terminated:" + t.ActorRef.Path.Name : (string)m).ToList();
        events.Should().BeEquivalentTo("child:poststop#1", "parent:poststop#1", "terminated:" + child.Path.Name, "parent:postrestart#2:deep");
        events.IndexOf("child:poststop#1").Should().BeLessThan(events.IndexOf("parent:postrestart#2:deep"));
        ExpectMsg("parent:prestart#2");
    }

    [Fact]
    public void Escalated_failure_resumed_upstream_resumes_the_child_too()
    {
        var grandparent = CreateSupervisor(new OneForOneStrategy(_ => Directive.Resume));
        var parent = CreateChild(
            grandparent,
            LifecycleProbeActor.Props("parent", TestActor).WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate)));
        ExpectMsg("parent:prestart#1");
        var child = CreateChild(parent, LifecycleProbeActor.Props("child", TestActor));
        ExpectMsg("child:prestart#1");

        child.Tell(new Increment());
        child.Tell(new Fail("deep"));
        child.Tell(new GetCount(), TestActor);

        ExpectMsg(1);
    }

    [Fact]
    public void A_constructor_failure_stops_the_actor_by_default()
    {
        var logs = new CapturingLoggerFactory();
        using var kit = new TestKit.TestKit(loggerFactory: logs);
        var broken = kit.Sys.ActorOf(Props.Create<ThrowsInConstructor>());
        kit.Watch(broken);

        kit.ExpectTerminated(broken);
        logs.Entries.Should().Contain(e => e.Exception is ActorInitializationException && e.Exception.InnerException is ArithmeticException);
    }

    [Fact]
    public void A_PreStart_failure_stops_the_actor_by_default()
    {
        var broken = Sys.ActorOf(Props.Create(() => new ThrowsInPreStart(TestActor)));
        Watch(broken);

        ExpectTerminated(broken);
        ExpectNoMsg();
    }

    [Fact]
    public void Kill_fails_the_actor_which_the_default_strategy_stops()
    {
        var victim = Sys.ActorOf(LifecycleProbeActor.Props("victim", TestActor));
        ExpectMsg("victim:prestart#1");
        Watch(victim);

        victim.Tell(Kill.Instance);

        ExpectMsg("victim:poststop#1");
        ExpectTerminated(victim);
    }

    [Fact]
    public void Props_strategy_overrides_the_actors_own_strategy()
    {
        var parent = Sys.ActorOf(
            Props.Create(() => new ResumingSupervisor()).WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy));
        var child = CreateChild(parent, LifecycleProbeActor.Props("child", TestActor));
        ExpectMsg("child:prestart#1");
        Watch(child);

        child.Tell(new Fail("boom"));

        ExpectMsg("child:poststop#1");
        ExpectTerminated(child);
    }

    [Fact]
    public void Default_decider_restarts_on_ordinary_exceptions_and_stops_on_initialization_and_kill()
    {
        SupervisorStrategy.DefaultStrategy.Decide(new InvalidOperationException()).Should().Be(Directive.Restart);
        SupervisorStrategy.DefaultStrategy.Decide(new ActorInitializationException()).Should().Be(Directive.Stop);
        SupervisorStrategy.DefaultStrategy.Decide(new ActorKilledException()).Should().Be(Directive.Stop);
        SupervisorStrategy.StoppingStrategy.Decide(new InvalidOperationException()).Should().Be(Directive.Stop);
    }

    private IActorRef CreateSupervisor(SupervisorStrategy strategy) =>
        Sys.ActorOf(Props.Create(() => new ResumingSupervisor()).WithSupervisorStrategy(strategy));

    private IActorRef CreateChild(IActorRef parent, Props props)
    {
        parent.Tell(new CreateChild(props), TestActor);
        return ExpectMsg<IActorRef>();
    }

    /// <summary>Creates children on request; its own strategy (Resume) applies unless Props override it.</summary>
    private sealed class ResumingSupervisor : ReceiveActor
    {
        public ResumingSupervisor()
        {
            Receive<CreateChild>(m => Sender.Tell(Context.ActorOf(m.Props, m.Name)));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Resume);
    }

    private sealed class ThrowsInConstructor : ReceiveActor
    {
        public ThrowsInConstructor() => throw new ArithmeticException("cannot start");
    }

    private sealed class ThrowsInPreStart(IActorRef probe) : ReceiveActor
    {
        protected override void PreStart() => throw new ArithmeticException("cannot start");

        protected override void PostStop() => probe.Tell("a failed start gets no PostStop");
    }
}
