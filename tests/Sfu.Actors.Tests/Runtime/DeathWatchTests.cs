using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class DeathWatchTests : TestKit.TestKit
{
    [Fact]
    public void A_watcher_gets_Terminated_from_the_stopped_actor()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(subject));
        ExpectMsg("watching");

        Sys.Stop(subject);

        ExpectMsg<Terminated>().ActorRef.Should().Be(subject);
        LastSender.Should().Be(watcher);
    }

    [Fact]
    public void Terminated_is_sent_by_the_dead_actor()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(subject));
        ExpectMsg("watching");

        Sys.Stop(subject);

        ExpectMsg<Terminated>();
        watcher.Tell("last terminated sender", TestActor);
        ExpectMsg<IActorRef>().Should().Be(subject);
    }

    [Fact]
    public void Watching_an_actor_that_is_already_dead_gives_Terminated_at_once()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        Watch(subject);
        Sys.Stop(subject);
        ExpectTerminated(subject);

        var latecomer = CreateTestProbe();
        latecomer.Watch(subject);

        latecomer.ExpectTerminated(subject);
    }

    [Fact]
    public void Unwatch_before_the_stop_means_no_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        Watch(subject);
        Unwatch(subject);

        Sys.Stop(subject);

        ExpectNoMsg();
    }

    [Fact]
    public void Every_watcher_is_told()
    {
        var subject = Sys.ActorOf(Props.Create(() => new Idle()));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        first.Watch(subject);
        second.Watch(subject);

        subject.Tell(PoisonPill.Instance);

        first.ExpectTerminated(subject);
        second.ExpectTerminated(subject);
    }

    private sealed record WatchIt(IActorRef Subject);

    private sealed class Idle : ReceiveActor;

    private sealed class Watcher : ReceiveActor
    {
        private IActorRef _lastTerminatedSender = ActorRefs.NoSender;

        public Watcher(IActorRef probe)
        {
            Receive<WatchIt>(m =>
            {
                Context.Watch(m.Subject);
                probe.Tell("watching");
            });
            Receive<Terminated>(t =>
            {
                _lastTerminatedSender = Sender;
                probe.Tell(t);
            });
            Receive<string>(_ => Sender.Tell(_lastTerminatedSender));
        }
    }
}
