using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class PipeToTests : TestKit.TestKit
{
    [Fact]
    public void A_successful_task_pipes_its_result()
    {
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Task.PipeTo(TestActor);

        work.SetResult(42);

        ExpectMsg(42);
        LastSender.Should().BeSameAs(ActorRefs.NoSender);
    }

    [Fact]
    public void A_failed_task_pipes_a_Status_Failure()
    {
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Task.PipeTo(TestActor);

        work.SetException(new TimeoutException("too slow"));

        ExpectMsg<Status.Failure>().Cause.Should().BeOfType<TimeoutException>().Which.Message.Should().Be("too slow");
    }

    [Fact]
    public void Success_and_failure_can_be_mapped_and_the_sender_chosen()
    {
        var probe = CreateTestProbe();
        var good = Task.FromResult(7);
        var bad = Task.FromException<int>(new ArithmeticException());

        good.PipeTo(TestActor, probe.Ref, success: n => $"got {n}");
        ExpectMsg("got 7");
        LastSender.Should().Be(probe.Ref);

        bad.PipeTo(TestActor, probe.Ref, failure: e => $"failed with {e.GetType().Name}");
        ExpectMsg("failed with ArithmeticException");
    }

    [Fact]
    public void A_null_result_pipes_an_empty_Status_Success()
    {
        Task.FromResult<string?>(null).PipeTo(TestActor);

        ExpectMsg<Status.Success>().Status.Should().BeNull();
    }

    [Fact]
    public void A_plain_task_pipes_what_success_returns_or_a_failure()
    {
        Task.CompletedTask.PipeTo(TestActor, success: () => "done");
        ExpectMsg("done");

        Task.FromException(new IOException("broken")).PipeTo(TestActor);
        ExpectMsg<Status.Failure>().Cause.Should().BeOfType<IOException>();

        Task.CompletedTask.PipeTo(TestActor);
        ExpectNoMsg();
    }

    [Fact]
    public void An_actor_pipes_outside_work_back_to_itself()
    {
        var actor = Sys.ActorOf(Props.Create(() => new PipesToSelf()));

        actor.Tell("compute", TestActor);

        ExpectMsg("result: 21");
    }

    private sealed class PipesToSelf : ReceiveActor
    {
        private IActorRef _requester = ActorRefs.NoSender;

        public PipesToSelf()
        {
            Receive<string>(_ =>
            {
                _requester = Sender;
                Task.Run(() => 21).PipeTo(Self);
            });
            Receive<int>(n => _requester.Tell($"result: {n}"));
        }
    }
}
