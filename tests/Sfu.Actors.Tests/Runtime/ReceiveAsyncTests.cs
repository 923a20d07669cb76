using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class ReceiveAsyncTests : TestKit.TestKit
{
    [Fact]
    public void An_async_handler_holds_back_later_messages_until_its_task_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(TestActor)));

        actor.Tell(new Work("job", gate.Task), TestActor);
        actor.Tell("ping", TestActor);

        ExpectMsg("started job");
        ExpectNoMsg();
        gate.SetResult();
        ExpectMsg("finished job");
        ExpectMsg<AfterAwait>();
        ExpectMsg("pong");
    }

    [Fact]
    public void Code_after_await_runs_on_the_actor_with_the_original_sender()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(TestActor)));
        var requester = CreateTestProbe();

        actor.Tell(new Work("job", gate.Task), requester.Ref);
        ExpectMsg("started job");
        gate.SetResult();

        ExpectMsg("finished job");
        requester.ExpectMsg(new AfterAwait(OnActor: true, SenderPath: requester.Ref.Path.ToString()));
    }

    [Fact]
    public void A_faulted_async_handler_fails_the_actor_and_the_mailbox_survives_the_restart()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(TestActor)));
        ExpectNoMsg();

        actor.Tell(new Work("doomed", gate.Task), TestActor);
        actor.Tell("ping", TestActor);
        ExpectMsg("started doomed");
        gate.SetException(new InvalidDataException("bad data"));

        ExpectMsg("restarted by InvalidDataException");
        ExpectMsg("pong");
    }

    [Fact]
    public void A_handler_that_completes_synchronously_does_not_suspend_the_actor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(TestActor)));

        actor.Tell(new Work("quick", Task.CompletedTask), TestActor);
        actor.Tell("ping", TestActor);

        ExpectMsg("started quick");
        ExpectMsg("finished quick");
        ExpectMsg<AfterAwait>();
        ExpectMsg("pong");
    }

    private sealed record Work(string Name, Task Gate);

    private sealed record AfterAwait(bool OnActor, string SenderPath);

    private sealed class AsyncWorker : ReceiveActor
    {
        private readonly IActorRef _probe;

        public AsyncWorker(IActorRef probe)
        {
            _probe = probe;
            ReceiveAsync<Work>(async work =>
            {
                _probe.Tell("started " + work.Name);
                await work.Gate;

                // Only a continuation that runs inside this actor's mailbox sees it as the running actor.
                var onActor = ActorCell.Current == ((LocalActorRef)Self).Cell;
                _probe.Tell("finished " + work.Name);
                Sender.Tell(new AfterAwait(onActor, Sender.Path.ToString()));
            });
            Receive<string>(_ => Sender.Tell("pong"));
        }

        protected override void PostRestart(Exception reason) => _probe.Tell($"restarted by {reason.GetType().Name}");
    }
}
