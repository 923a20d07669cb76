using BenchmarkDotNet.Attributes;
using Sfu.Actors.Runtime;

namespace Sfu.Benchmarks.Actors;

/// <summary>
/// Message passing through the actor runtime on the thread pool. Each operation is one message, so the mean
/// is the cost per message (messages/s = 1e9 / mean in ns) and Allocated is the bytes per message; the
/// messages themselves are preallocated, so anything allocated is the runtime's.
/// </summary>
[MemoryDiagnoser]
public class MessageThroughputBenchmarks
{
    private const int RoundTrips = 10_000;
    private const int FanInSenders = 4;
    private const int MessagesPerSender = 10_000;

    private readonly ManualResetEventSlim _done = new();
    private ActorSystem _system = null!;
    private IActorRef _ping = null!;
    private IActorRef[] _senders = [];
    private Go _pingPongStart = null!;
    private Go _fanInStart = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        var pong = _system.ActorOf(Props.Create(() => new Pong()), "pong");
        _ping = _system.ActorOf(Props.Create(() => new Ping(pong, _done)), "ping");
        var sink = _system.ActorOf(Props.Create(() => new Sink(FanInSenders * MessagesPerSender, _done)), "sink");
        _senders = new IActorRef[FanInSenders];
        for (var i = 0; i < FanInSenders; i++)
        {
            _senders[i] = _system.ActorOf(Props.Create(() => new Burst(sink)), "sender-" + i);
        }

        _pingPongStart = new Go(RoundTrips);
        _fanInStart = new Go(MessagesPerSender);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10));
        _done.Dispose();
    }

    /// <summary>Two actors bounce one message back and forth: every hop is a Tell and a mailbox schedule.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips * 2)]
    public void PingPong()
    {
        _done.Reset();
        _ping.Tell(_pingPongStart);
        _done.Wait();
    }

    /// <summary>Four actors send bursts to one: contended enqueues and batched mailbox runs.</summary>
    [Benchmark(OperationsPerInvoke = FanInSenders * MessagesPerSender)]
    public void FanIn()
    {
        _done.Reset();
        foreach (var sender in _senders)
        {
            sender.Tell(_fanInStart);
        }

        _done.Wait();
    }

    private sealed record Go(int Count);

    private sealed class Ball
    {
        public static readonly Ball Instance = new();
    }

    private sealed class Ping(IActorRef pong, ManualResetEventSlim done) : ActorBase
    {
        private int _remaining;

        protected override bool Receive(object message)
        {
            if (message is Go go)
            {
                _remaining = go.Count;
                pong.Tell(Ball.Instance, Self);
            }
            else if (--_remaining == 0)
            {
                done.Set();
            }
            else
            {
                Sender.Tell(Ball.Instance, Self);
            }

            return true;
        }
    }

    private sealed class Pong : ActorBase
    {
        protected override bool Receive(object message)
        {
            Sender.Tell(message, Self);
            return true;
        }
    }

    private sealed class Burst(IActorRef sink) : ActorBase
    {
        protected override bool Receive(object message)
        {
            var count = ((Go)message).Count;
            for (var i = 0; i < count; i++)
            {
                sink.Tell(Ball.Instance, Self);
            }

            return true;
        }
    }

    private sealed class Sink(int expected, ManualResetEventSlim done) : ActorBase
    {
        private int _received;

        protected override bool Receive(object message)
        {
            if (++_received == expected)
            {
                _received = 0;
                done.Set();
            }

            return true;
        }
    }
}
