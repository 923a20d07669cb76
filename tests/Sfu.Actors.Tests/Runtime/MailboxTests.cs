using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class MailboxTests : TestKit.TestKit
{
    private const int Senders = 4;
    private const int MessagesPerSender = 20_000;

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_send_order()
    {
        var checker = Sys.ActorOf(Props.Create(() => new SequenceChecker(Senders)));

        RunConcurrently(Senders, sender =>
        {
            for (var sequence = 0; sequence < MessagesPerSender; sequence++)
            {
                checker.Tell(new Numbered(sender, sequence));
            }
        });

        var report = await checker.Ask<SequenceReport>(new GetReport());
        report.OutOfOrder.Should().Be(0);
        report.Received.Should().Be(Senders * MessagesPerSender);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task An_actor_never_runs_on_two_threads_at_once(int throughput)
    {
        using var kit = new TestKit.TestKit(new ActorSystemOptions { Throughput = throughput }, "throughput" + throughput);
        var counter = kit.Sys.ActorOf(Props.Create(() => new UnsynchronisedCounter()));

        RunConcurrently(8, _ =>
        {
            for (var i = 0; i < MessagesPerSender; i++)
            {
                counter.Tell(Increment.Instance);
            }
        });

        var report = await counter.Ask<CounterReport>(new GetReport());
        report.Overlaps.Should().Be(0);
        report.Count.Should().Be(8 * MessagesPerSender);
    }

    [Fact]
    public void Tell_inside_an_actor_without_sender_passes_Self_as_sender()
    {
        var relay = Sys.ActorOf(Props.Create(() => new Relay()));

        relay.Tell(new RelayTo(TestActor, "hello"));

        ExpectMsg("hello");
        LastSender.Should().Be(relay);
    }

    [Fact]
    public void Tell_outside_any_actor_has_no_sender()
    {
        var relay = Sys.ActorOf(Props.Create(() => new Relay()));

        relay.Tell(new ReportSender(TestActor));

        ExpectMsg<IActorRef>().Should().BeSameAs(ActorRefs.NoSender);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var probe = CreateTestProbe();
        var relay = Sys.ActorOf(Props.Create(() => new Relay()));

        relay.Tell(new ForwardTo(TestActor, "forwarded"), probe.Ref);

        ExpectMsg("forwarded");
        LastSender.Should().Be(probe.Ref);
    }

    private static void RunConcurrently(int threads, Action<int> work)
    {
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads)
            .Select(index => new Thread(() =>
            {
                start.SignalAndWait();
                work(index);
            }))
            .ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
    }

    private sealed record Numbered(int Sender, int Sequence);

    private sealed record GetReport;

    private sealed record SequenceReport(int Received, int OutOfOrder);

    private sealed record CounterReport(long Count, int Overlaps);

    private sealed class Increment
    {
        public static readonly Increment Instance = new();
    }

    private sealed record RelayTo(IActorRef Target, string Text);

    private sealed record ForwardTo(IActorRef Target, string Text);

    private sealed record ReportSender(IActorRef Target);

    private sealed class SequenceChecker : ReceiveActor
    {
        public SequenceChecker(int senders)
        {
            var next = new int[senders];
            int received = 0, outOfOrder = 0;
            Receive<Numbered>(m =>
            {
                received++;
                if (m.Sequence != next[m.Sender])
                {
                    outOfOrder++;
                }

                next[m.Sender] = m.Sequence + 1;
            });
            Receive<GetReport>(_ => Sender.Tell(new SequenceReport(received, outOfOrder)));
        }
    }

    /// <summary>Plain fields, no synchronisation: only the mailbox's guarantee keeps them consistent.</summary>
    private sealed class UnsynchronisedCounter : ReceiveActor
    {
        private long _count;
        private int _inside;
        private int _overlaps;

        public UnsynchronisedCounter()
        {
            Receive<Increment>(_ =>
            {
                if (Interlocked.Exchange(ref _inside, 1) != 0)
                {
                    _overlaps++;
                }

                var read = _count;
                Thread.SpinWait(5);
                _count = read + 1;
                Volatile.Write(ref _inside, 0);
            });
            Receive<GetReport>(_ => Sender.Tell(new CounterReport(_count, _overlaps)));
        }
    }

    private sealed class Relay : ReceiveActor
    {
        public Relay()
        {
            Receive<RelayTo>(m => m.Target.Tell(m.Text));
            Receive<ForwardTo>(m => m.Target.Forward(m.Text));
            Receive<ReportSender>(m => m.Target.Tell(Sender));
        }
    }
}
