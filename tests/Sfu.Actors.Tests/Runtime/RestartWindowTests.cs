using Sfu.Actors.Runtime;
using Sfu.Actors.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>OneForOneStrategy's retry limit, counted per child in a sliding window of virtual time.</summary>
public sealed class RestartWindowTests() : TestKit.TestKit(virtualTime: true)
{
    private VirtualTimeProvider Clock => VirtualTime!;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void N_failures_within_the_window_restart_the_child_and_failure_N_plus_1_stops_it()
    {
        var child = CreateSupervisedChild(maxNrOfRetries: 3);

        for (var failure = 1; failure <= 3; failure++)
        {
            FailAndExpectRestart(child, failure);
        }

        child.Tell(new Fail("fourth"));
        ExpectMsg("child:poststop#4");
        ExpectTerminated(child);
    }

    [Fact]
    public void Failures_spread_beyond_the_window_keep_restarting()
    {
        var child = CreateSupervisedChild(maxNrOfRetries: 2);

        // Six seconds apart: any ten-second window holds at most two of them.
        for (var failure = 1; failure <= 6; failure++)
        {
            FailAndExpectRestart(child, failure);
            Clock.Advance(TimeSpan.FromSeconds(6));
        }

        child.Tell(new Echo("alive"), TestActor);
        ExpectMsg("alive");
    }

    [Fact]
    public void The_window_slides_rather_than_resetting()
    {
        var child = CreateSupervisedChild(maxNrOfRetries: 2);

        FailAndExpectRestart(child, 1);
        Clock.Advance(TimeSpan.FromSeconds(8));
        FailAndExpectRestart(child, 2);
        Clock.Advance(TimeSpan.FromSeconds(4));

        // At t=12 s the first restart (t=0) has left the window, the second (t=8 s) has not: one more is allowed,
        // and the next failure at the same instant is one too many.
        FailAndExpectRestart(child, 3);
        child.Tell(new Fail("too many"));
        ExpectMsg("child:poststop#4");
        ExpectTerminated(child);
    }

    [Fact]
    public void Zero_retries_stops_at_the_first_failure()
    {
        var child = CreateSupervisedChild(maxNrOfRetries: 0);

        child.Tell(new Fail("first"));

        ExpectMsg("child:poststop#1");
        ExpectTerminated(child);
    }

    [Fact]
    public void Minus_one_retries_means_no_limit()
    {
        var child = CreateSupervisedChild(maxNrOfRetries: -1);

        for (var failure = 1; failure <= 20; failure++)
        {
            FailAndExpectRestart(child, failure);
        }
    }

    private IActorRef CreateSupervisedChild(int maxNrOfRetries)
    {
        var strategy = new OneForOneStrategy(maxNrOfRetries, Window, _ => Directive.Restart);
        var parent = Sys.ActorOf(LifecycleProbeActor.Props("parent", CreateTestProbe().Ref).WithSupervisorStrategy(strategy));
        parent.Tell(new CreateChild(new QuietLifecycle(TestActor).Props), TestActor);
        var child = ExpectMsg<IActorRef>();
        ExpectMsg("child:prestart#1");
        Watch(child);
        return child;
    }

    private void FailAndExpectRestart(IActorRef child, int failure)
    {
        child.Tell(new Fail("failure " + failure));
        ExpectMsg($"child:poststop#{failure}");
        ExpectMsg($"child:prestart#{failure + 1}");
    }

    /// <summary>Reports only PreStart and PostStop, which is all these tests count.</summary>
    private sealed class QuietLifecycle(IActorRef probe)
    {
        private readonly InstanceCounter _counter = new();

        public Props Props => Props.Create(() => new Child(probe, _counter));

        private sealed class Child : ReceiveActor
        {
            private readonly IActorRef _probe;
            private readonly int _instance;

            public Child(IActorRef probe, InstanceCounter counter)
            {
                _probe = probe;
                _instance = counter.Next();
                Receive<Fail>(m => throw new InvalidOperationException(m.Reason));
                Receive<Echo>(m => Sender.Tell(m.Text));
            }

            protected override void PreStart() => _probe.Tell($"child:prestart#{_instance}");

            protected override void PostStop() => _probe.Tell($"child:poststop#{_instance}");
        }
    }
}
