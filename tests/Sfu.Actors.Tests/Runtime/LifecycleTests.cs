using Microsoft.Extensions.Logging;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class LifecycleTests : TestKit.TestKit
{
    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var parent = Sys.ActorOf(LifecycleProbeActor.Props("parent", TestActor));
        ExpectMsg("parent:prestart#1");
        var child = CreateChild(parent, LifecycleProbeActor.Props("child", TestActor), "child");
        ExpectMsg("child:prestart#1");
        CreateChild(child, LifecycleProbeActor.Props("grandchild", TestActor), "grandchild");
        ExpectMsg("grandchild:prestart#1");
        CreateChild(parent, LifecycleProbeActor.Props("sibling", TestActor), "sibling");
        ExpectMsg("sibling:prestart#1");

        Sys.Stop(parent);

        var stops = ReceiveN(4).Cast<string>().ToList();
        stops.Should().BeEquivalentTo("grandchild:poststop#1", "child:poststop#1", "sibling:poststop#1", "parent:poststop#1");
        stops.IndexOf("grandchild:poststop#1").Should().BeLessThan(stops.IndexOf("child:poststop#1"));
        stops[^1].Should().Be("parent:poststop#1");
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_queued_before_it()
    {
        var actor = Sys.ActorOf(LifecycleProbeActor.Props("actor", TestActor));
        ExpectMsg("actor:prestart#1");
        Watch(actor);

        actor.Tell(new Echo("first"), TestActor);
        actor.Tell(PoisonPill.Instance);
        actor.Tell(new Echo("never"), TestActor);

        ExpectMsg("first");
        ExpectMsg("actor:poststop#1");
        ExpectTerminated(actor);
        ExpectNoMsg();
    }

    [Fact]
    public void An_actor_can_stop_itself()
    {
        var actor = Sys.ActorOf(Props.Create(() => new StopsItselfOnRequest()));
        Watch(actor);

        actor.Tell("stop");

        ExpectTerminated(actor);
    }

    [Fact]
    public void A_failing_PostStop_is_logged_and_watchers_are_still_told()
    {
        var logs = new CapturingLoggerFactory();
        using var kit = new TestKit.TestKit(loggerFactory: logs);
        var actor = kit.Sys.ActorOf(Props.Create(() => new ThrowsInPostStop()), "fragile");
        kit.Watch(actor);

        kit.Sys.Stop(actor);

        kit.ExpectTerminated(actor);
        logs.Entries.Should().Contain(e =>
            e.Level == LogLevel.Error && e.Category == "sfu://test/user/fragile" && e.Exception is FormatException);
    }

    [Fact]
    public async Task Terminate_stops_every_actor_children_before_parents_and_is_idempotent()
    {
        var parent = Sys.ActorOf(LifecycleProbeActor.Props("parent", TestActor));
        ExpectMsg("parent:prestart#1");
        CreateChild(parent, LifecycleProbeActor.Props("child", TestActor), "child");
        ExpectMsg("child:prestart#1");

        var first = Sys.Terminate();
        var second = Sys.Terminate();

        second.Should().BeSameAs(first);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        first.IsCompletedSuccessfully.Should().BeTrue();
        var act = () => Sys.ActorOf(LifecycleProbeActor.Props("late", TestActor));
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Children_are_listed_and_found_by_name_and_paths_show_the_hierarchy()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent()), "parent");
        var child = CreateChild(parent, LifecycleProbeActor.Props("child", TestActor), "child");
        ExpectMsg("child:prestart#1");

        parent.Tell("children", TestActor);

        ExpectMsg<IActorRef[]>().Should().Equal(child);
        parent.Tell("child", TestActor);
        ExpectMsg<IActorRef>().Should().Be(child);
        child.Path.ToString().Should().Be("sfu://test/user/parent/child");
        child.Path.Name.Should().Be("child");
        child.Path.Parent.Should().Be(parent.Path);
    }

    [Fact]
    public void A_name_already_taken_by_a_sibling_is_refused()
    {
        Sys.ActorOf(Props.Create(() => new Parent()), "unique");

        var duplicate = () => Sys.ActorOf(Props.Create(() => new Parent()), "unique");
        var reserved = () => Sys.ActorOf(Props.Create(() => new Parent()), "$generated");
        var nested = () => Sys.ActorOf(Props.Create(() => new Parent()), "a/b");

        duplicate.Should().Throw<InvalidActorNameException>();
        reserved.Should().Throw<InvalidActorNameException>();
        nested.Should().Throw<InvalidActorNameException>();
    }

    [Fact]
    public void An_actor_cannot_be_created_with_new()
    {
        var act = () => new Parent();

        act.Should().Throw<InvalidOperationException>().WithMessage("*ActorOf*");
    }

    private IActorRef CreateChild(IActorRef parent, Props props, string name)
    {
        parent.Tell(new CreateChild(props, name), TestActor);
        return ExpectMsg<IActorRef>();
    }

    private sealed class StopsItselfOnRequest : ReceiveActor
    {
        public StopsItselfOnRequest() => Receive<string>(_ => Context.Stop(Self));
    }

    private sealed class ThrowsInPostStop : ReceiveActor
    {
        protected override void PostStop() => throw new FormatException("cleanup failed");
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            Receive<CreateChild>(m => Sender.Tell(Context.ActorOf(m.Props, m.Name)));
            Receive<string>(_ => Sender.Tell(Context.GetChildren().ToArray()), m => m == "children");
            Receive<string>(_ => Sender.Tell(Context.Child("child")!), m => m == "child");
        }
    }
}
