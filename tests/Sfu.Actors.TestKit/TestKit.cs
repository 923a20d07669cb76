using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.TestKit;

/// <summary>
/// A fresh actor system per test and a <see cref="TestActor"/> to receive replies, with Akka's expectation
/// API. With <c>virtualTime</c>, the system's clock is a <see cref="VirtualTimeProvider"/>: timers and ask
/// timeouts move only when the test advances it, while expectations still wait in real time.
/// Disposing terminates the system.
/// </summary>
public class TestKit : IDisposable
{
    // Expectations block the test's thread, often a pool thread, and test runners block a few more; with the
    // pool's default minimum (one per core) the actors under test would wait for its slow thread injection.
    private const int MinimumPoolThreads = 16;

    private readonly ExpectationClock _clock = new();
    private readonly TestProbe _testActor;
    private int _lastProbeNumber;

    public TestKit(string? systemName = null, bool virtualTime = false, ILoggerFactory? loggerFactory = null)
        : this(
            new ActorSystemOptions
            {
                TimeProvider = virtualTime ? new VirtualTimeProvider() : TimeProvider.System,
                LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
            },
            systemName)
    {
    }

    /// <summary>A kit over a system with explicit options; virtual time when its TimeProvider is a <see cref="VirtualTimeProvider"/>.</summary>
    public TestKit(ActorSystemOptions options, string? systemName = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnsurePoolHeadroom();
        VirtualTime = options.TimeProvider as VirtualTimeProvider;
        Sys = ActorSystem.Create(systemName ?? "test", options);
        _testActor = new TestProbe(Sys, _clock, "testActor");
    }

    public ActorSystem Sys { get; }

    /// <summary>The system's clock when the kit was created with virtual time; null otherwise.</summary>
    public VirtualTimeProvider? VirtualTime { get; }

    /// <summary>The default recipient of replies: tell with it as sender, then expect.</summary>
    public IActorRef TestActor => _testActor.Ref;

    public IActorRef LastSender => _testActor.LastSender;

    /// <summary>The dilation factor applied to every expectation timeout (SFU_TEST_DILATION).</summary>
    public double Dilation => _clock.Dilation;

    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, _clock, name ?? "testProbe-" + Interlocked.Increment(ref _lastProbeNumber));

    public IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    public T ExpectMsg<T>(TimeSpan? timeout = null) => _testActor.ExpectMsg<T>(timeout);

    public T ExpectMsg<T>(Predicate<T> isMatch, TimeSpan? timeout = null) => _testActor.ExpectMsg(isMatch, timeout);

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => _testActor.ExpectMsg(expected, timeout);

    public void ExpectNoMsg(TimeSpan? duration = null) => _testActor.ExpectNoMsg(duration);

    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => _testActor.ExpectTerminated(target, timeout);

    public IActorRef Watch(IActorRef target) => _testActor.Watch(target);

    public IActorRef Unwatch(IActorRef target) => _testActor.Unwatch(target);

    public T FishForMessage<T>(Predicate<object> isMessage, TimeSpan? timeout = null) => _testActor.FishForMessage<T>(isMessage, timeout);

    public object ReceiveOne(TimeSpan? timeout = null) => _testActor.ReceiveOne(timeout);

    public IReadOnlyList<object> ReceiveN(int n, TimeSpan? timeout = null) => _testActor.ReceiveN(n, timeout);

    public void Within(TimeSpan max, Action action) => _testActor.Within(max, action);

    public T Within<T>(TimeSpan max, Func<T> f) => _testActor.Within(max, f);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    private static void EnsurePoolHeadroom()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinimumPoolThreads)
        {
            ThreadPool.SetMinThreads(MinimumPoolThreads, completionPorts);
        }
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Sys.Dispose();
        }
    }
}
