using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class DispatcherTests : TestKit.TestKit
{
    [Fact]
    public void An_actor_on_a_DedicatedThreadDispatcher_runs_on_its_thread()
    {
        using var dispatcher = new DedicatedThreadDispatcher("media-worker-1");
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter(dispatcher)).WithDispatcher(dispatcher));

        actor.Tell("where?", TestActor);
        actor.Tell("where?", TestActor);

        var first = ExpectMsg<ThreadReport>();
        var second = ExpectMsg<ThreadReport>();
        first.ThreadName.Should().Be("media-worker-1");
        first.OnDispatcherThread.Should().BeTrue();
        second.Should().Be(first);
        StopAndWait(actor);
    }

    [Fact]
    public void An_actor_on_a_ManualDispatcher_runs_only_when_its_owner_drains_it()
    {
        var dispatcher = new ManualDispatcher();
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter(null)).WithDispatcher(dispatcher));
        actor.Tell("where?", TestActor);

        ExpectNoMsg();
        dispatcher.HasPending.Should().BeTrue();
        dispatcher.RunPending().Should().BeGreaterThan(0);

        ExpectMsg<ThreadReport>().ManagedThreadId.Should().Be(Environment.CurrentManagedThreadId);
        dispatcher.HasPending.Should().BeFalse();

        StopOnOwnerThread(dispatcher, actor);
    }

    [Fact]
    public void ManualDispatcher_runs_at_most_the_requested_number_of_mailbox_runs_and_signals_new_work()
    {
        var signals = 0;
        var dispatcher = new ManualDispatcher(() => Interlocked.Increment(ref signals));
        var first = Sys.ActorOf(Props.Create(() => new ThreadReporter(null)).WithDispatcher(dispatcher));
        var second = Sys.ActorOf(Props.Create(() => new ThreadReporter(null)).WithDispatcher(dispatcher));

        Volatile.Read(ref signals).Should().Be(2);
        dispatcher.RunPending(max: 1).Should().Be(1);
        dispatcher.HasPending.Should().BeTrue();
        dispatcher.RunPending().Should().Be(1);

        StopOnOwnerThread(dispatcher, first, second);
    }

    [Fact]
    public void A_child_inherits_no_dispatcher_it_gets_the_default_unless_its_Props_say_otherwise()
    {
        using var dispatcher = new DedicatedThreadDispatcher("owner");
        var parent = Sys.ActorOf(Props.Create(() => new ThreadReporter(dispatcher)).WithDispatcher(dispatcher));
        parent.Tell(new CreateChild(Props.Create(() => new ThreadReporter(dispatcher))), TestActor);
        var child = ExpectMsg<IActorRef>();

        child.Tell("where?", TestActor);

        ExpectMsg<ThreadReport>().OnDispatcherThread.Should().BeFalse();
        StopAndWait(parent);
    }

    /// <summary>Stops actors of a manual dispatcher by draining it here, as its owner loop would.</summary>
    private void StopOnOwnerThread(ManualDispatcher dispatcher, params IActorRef[] actors)
    {
        foreach (var actor in actors)
        {
            Sys.Stop(actor);
        }

        dispatcher.RunPending();
        actors.Should().OnlyContain(actor => ((LocalActorRef)actor).Cell.IsTerminated);
    }

    private void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private sealed record ThreadReport(string? ThreadName, int ManagedThreadId, bool OnDispatcherThread);

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter(DedicatedThreadDispatcher? dispatcher)
        {
            Receive<string>(_ => Sender.Tell(new ThreadReport(
                Thread.CurrentThread.Name, Environment.CurrentManagedThreadId, dispatcher?.IsCurrentThread ?? false)));
            Receive<CreateChild>(m => Sender.Tell(Context.ActorOf(m.Props, m.Name)));
        }
    }
}
