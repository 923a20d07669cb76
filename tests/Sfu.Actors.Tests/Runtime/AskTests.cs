using Sfu.Actors.Runtime;
using Sfu.Actors.TestKit;

namespace Sfu.Actors.Tests.Runtime;

public sealed class AskTests() : TestKit.TestKit(virtualTime: true)
{
    private VirtualTimeProvider Clock => VirtualTime!;

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = Sys.ActorOf(LifecycleProbeActor.Props("echo", CreateTestProbe().Ref));

        var reply = await echo.Ask<string>(new Echo("pong"));

        reply.Should().Be("pong");
    }

    [Fact]
    public async Task Ask_without_a_reply_times_out_on_the_system_clock()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()), "silent");

        var ask = silent.Ask<string>(new Echo("anyone?"), TimeSpan.FromSeconds(2));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ask.IsCompleted.Should().BeFalse();
        Clock.Advance(TimeSpan.FromSeconds(1));

        var failure = await ask.Invoking(t => t).Should().ThrowAsync<AskTimeoutException>();
        failure.Which.Message.Should().Contain("sfu://test/user/silent").And.Contain(typeof(Echo).FullName!);
    }

    [Fact]
    public async Task Ask_uses_the_default_timeout_when_none_is_given()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));

        var ask = silent.Ask(new Echo("anyone?"));
        Clock.Advance(Sys.Options.DefaultAskTimeout - TimeSpan.FromMilliseconds(1));
        ask.IsCompleted.Should().BeFalse();
        Clock.Advance(TimeSpan.FromMilliseconds(1));

        await ask.Invoking(t => t).Should().ThrowAsync<AskTimeoutException>();
    }

    [Fact]
    public async Task Ask_to_a_stopped_actor_times_out()
    {
        var gone = Sys.ActorOf(Props.Create(() => new Silent()));
        Watch(gone);
        Sys.Stop(gone);
        ExpectTerminated(gone);

        var ask = gone.Ask<string>(new Echo("hello?"), TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(1));

        await ask.Invoking(t => t).Should().ThrowAsync<AskTimeoutException>();
    }

    [Fact]
    public async Task A_Status_Failure_reply_faults_the_ask_with_its_cause()
    {
        var failing = Sys.ActorOf(Props.Create(() => new RepliesWithFailure()));

        var ask = failing.Ask<string>("please");

        await ask.Invoking(t => t).Should().ThrowAsync<FileNotFoundException>().WithMessage("no such thing");
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_faults_with_InvalidCastException()
    {
        var echo = Sys.ActorOf(LifecycleProbeActor.Props("echo", CreateTestProbe().Ref));

        var ask = echo.Ask<int>(new Echo("not a number"));

        await ask.Invoking(t => t).Should().ThrowAsync<InvalidCastException>().WithMessage("*Int32*String*");
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_ask()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        using var cancellation = new CancellationTokenSource();

        var ask = silent.Ask<string>(new Echo("anyone?"), ct: cancellation.Token);
        await cancellation.CancelAsync();

        await ask.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task The_ask_reference_is_a_temporary_path_of_the_system()
    {
        var reporter = Sys.ActorOf(Props.Create(() => new ReportsSenderPath()));

        var path = await reporter.Ask<string>("who is asking?");

        path.Should().StartWith("sfu://test/temp/$");
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    private sealed class RepliesWithFailure : ReceiveActor
    {
        public RepliesWithFailure() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new FileNotFoundException("no such thing"))));
    }

    private sealed class ReportsSenderPath : ReceiveActor
    {
        public ReportsSenderPath() => ReceiveAny(_ => Sender.Tell(Sender.Path.ToString()));
    }
}
