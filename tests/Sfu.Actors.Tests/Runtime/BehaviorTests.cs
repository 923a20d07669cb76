using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class BehaviorTests : TestKit.TestKit
{
    [Fact]
    public void Become_replaces_the_handlers()
    {
        var light = Sys.ActorOf(Props.Create(() => new Light()));

        light.Tell("state", TestActor);
        light.Tell("toggle");
        light.Tell("state", TestActor);
        light.Tell("toggle");
        light.Tell("state", TestActor);

        ExpectMsg("off");
        ExpectMsg("on");
        ExpectMsg("off");
    }

    [Fact]
    public void Become_in_the_constructor_chooses_the_first_behaviour()
    {
        var light = Sys.ActorOf(Props.Create(() => new LightStartingOn()));

        light.Tell("state", TestActor);
        light.Tell("toggle");
        light.Tell("state", TestActor);

        ExpectMsg("on");
        ExpectMsg("off");
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_return_to_the_previous_behaviour()
    {
        var stack = Sys.ActorOf(Props.Create(() => new Stacked()));

        stack.Tell("push", TestActor);
        stack.Tell("push", TestActor);
        stack.Tell("pop", TestActor);
        stack.Tell("pop", TestActor);
        stack.Tell("pop", TestActor);

        ExpectMsg("level 1");
        ExpectMsg("level 2");
        ExpectMsg("level 1");
        ExpectMsg("base");
        ExpectMsg("base");
    }

    [Fact]
    public void A_handler_returning_false_passes_the_message_to_the_next_handler()
    {
        var sorter = Sys.ActorOf(Props.Create(() => new Sorter()));

        sorter.Tell(5, TestActor);
        sorter.Tell(-5, TestActor);
        sorter.Tell("text", TestActor);

        ExpectMsg("positive");
        ExpectMsg("other int");
        ExpectMsg("anything: text");
    }

    [Fact]
    public void A_predicate_selects_which_messages_a_handler_takes()
    {
        var sorter = Sys.ActorOf(Props.Create(() => new Sorter()));

        sorter.Tell(0, TestActor);

        ExpectMsg("zero");
    }

    [Fact]
    public void Declaring_a_handler_while_handling_a_message_fails_the_actor()
    {
        var sloppy = Sys.ActorOf(Props.Create(() => new DeclaresLate(TestActor)));

        sloppy.Tell("declare");
        sloppy.Tell("declare");

        ExpectMsg("restarted by InvalidOperationException");
    }

    [Fact]
    public void UntypedActor_sees_every_message_and_may_call_Unhandled()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Untyped()));
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));

        actor.Tell("hello", TestActor);
        actor.Tell(3.5);

        ExpectMsg("untyped hello");
        ExpectMsg<UnhandledMessage>().Message.Should().Be(3.5);
    }

    private sealed class Light : ReceiveActor
    {
        public Light() => Off();

        private void Off()
        {
            Receive<string>(_ => Sender.Tell("off"), m => m == "state");
            Receive<string>(_ => Become(On), m => m == "toggle");
        }

        private void On()
        {
            Receive<string>(_ => Sender.Tell("on"), m => m == "state");
            Receive<string>(_ => Become(Off), m => m == "toggle");
        }
    }

    private sealed class LightStartingOn : ReceiveActor
    {
        public LightStartingOn()
        {
            Receive<string>(_ => Sender.Tell("replaced by Become"));
            Become(On);
        }

        private void On()
        {
            Receive<string>(_ => Sender.Tell("on"), m => m == "state");
            Receive<string>(_ => Become(Off), m => m == "toggle");
        }

        private void Off()
        {
            Receive<string>(_ => Sender.Tell("off"), m => m == "state");
            Receive<string>(_ => Become(On), m => m == "toggle");
        }
    }

    private sealed class Stacked : ReceiveActor
    {
        private int _level;

        public Stacked()
        {
            Receive<string>(_ => Push(), m => m == "push");
            Receive<string>(_ => Sender.Tell("base"), m => m == "pop");
        }

        private void Push()
        {
            var level = ++_level;
            BecomeStacked(() =>
            {
                Receive<string>(_ => Push(), m => m == "push");
                Receive<string>(_ => Pop(), m => m == "pop");
            });
            Sender.Tell($"level {level}");
        }

        private void Pop()
        {
            UnbecomeStacked();
            _level--;
            Sender.Tell(_level == 0 ? "base" : $"level {_level}");
        }
    }

    private sealed class Sorter : ReceiveActor
    {
        public Sorter()
        {
            Receive<int>(n =>
            {
                if (n <= 0)
                {
                    return false;
                }

                Sender.Tell("positive");
                return true;
            });
            Receive<int>(_ => Sender.Tell("zero"), n => n == 0);
            Receive<int>(_ => Sender.Tell("other int"));
            ReceiveAny(m => Sender.Tell($"anything: {m}"));
        }
    }

    private sealed class DeclaresLate : ReceiveActor
    {
        private readonly IActorRef _probe;

        public DeclaresLate(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(_ => Receive<int>(_ => { }));
        }

        protected override void PostRestart(Exception reason) => _probe.Tell($"restarted by {reason.GetType().Name}");
    }

    private sealed class Untyped : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is string text)
            {
                Sender.Tell("untyped " + text);
            }
            else
            {
                Unhandled(message);
            }
        }
    }
}
