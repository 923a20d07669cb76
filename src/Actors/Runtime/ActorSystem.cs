using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime;

/// <summary>
/// A hierarchy of actors under a "user" guardian, with its clock, its logging and its dead-letter office.
/// Top-level actors are children of the guardian, which supervises them with
/// <see cref="SupervisorStrategy.DefaultStrategy"/>.
/// </summary>
public sealed class ActorSystem : IDisposable
{
    private static readonly TimeSpan DisposeWaitLimit = TimeSpan.FromSeconds(10);

    private readonly ActorCell _guardian;
    private readonly ActorPath _tempPath;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _deadLetterLog;
    private int _terminateRequested;
    private long _lastTempNumber;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        Options = options;
        var root = ActorPath.Root(name);
        _tempPath = root.Child("temp");
        _deadLetterLog = options.LoggerFactory.CreateLogger("Sfu.Actors.Runtime.DeadLetters");
        DeadLetters = new DeadLetterActorRef(this, root.Child("deadLetters"));
        _guardian = new ActorCell(this, Props.Create(static () => new UserGuardian()), parent: null, root.Child("user"));
        _guardian.Mailbox.PostSystem(CreateActor.Instance);
    }

    public string Name { get; }

    public ActorSystemOptions Options { get; }

    /// <summary>The clock of all timers and ask timeouts of this system.</summary>
    public TimeProvider TimeProvider => Options.TimeProvider;

    public ILoggerFactory LoggerFactory => Options.LoggerFactory;

    /// <summary>Where messages to stopped actors go: logged at Debug and published as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters { get; }

    public EventStream EventStream { get; } = new();

    /// <summary>Completes once every actor has stopped after <see cref="Terminate"/>.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <param name="name">Letters, digits, '-' and '_'; it appears in every actor path.</param>
    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                throw new ArgumentException($"Actor system name [{name}] may contain only ASCII letters, digits, '-' and '_'.", nameof(name));
            }
        }

        options ??= new ActorSystemOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentNullException.ThrowIfNull(options.LoggerFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Throughput, 1);
        if (options.DefaultAskTimeout <= TimeSpan.Zero && options.DefaultAskTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DefaultAskTimeout, "DefaultAskTimeout must be positive or infinite.");
        }

        return new ActorSystem(name, options);
    }

    /// <summary>Creates a top-level actor, supervised by the user guardian.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _guardian.CreateChild(props, name).Self;

    /// <summary>Stops any actor of this system asynchronously (children first).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is LocalActorRef local && ReferenceEquals(local.System, this))
        {
            local.Cell.Mailbox.PostSystem(TerminateActor.Instance);
        }
    }

    /// <summary>Stops every actor, children before parents; idempotent. Returns <see cref="WhenTerminated"/>.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0)
        {
            _guardian.Mailbox.PostSystem(TerminateActor.Instance);
        }

        return WhenTerminated;
    }

    /// <summary>
    /// Terminates and waits (bounded) for the actors to stop, unless called from an actor, which would wait
    /// for itself.
    /// </summary>
    public void Dispose()
    {
        var terminated = Terminate();
        if (ActorCell.Current is null)
        {
            terminated.Wait(DisposeWaitLimit);
        }
    }

    public override string ToString() => "ActorSystem(" + Name + ")";

    internal ActorPath NewTempPath() =>
        _tempPath.Child("$" + Interlocked.Increment(ref _lastTempNumber).ToString(CultureInfo.InvariantCulture));

    internal void OnGuardianTerminated() => _terminated.TrySetResult();

    internal void PublishDeadLetter(object message, IActorRef sender, IActorRef recipient)
    {
        if (message is TimerMessage or DeathWatchTerminated)
        {
            // Runtime leftovers of a stopped actor (a late tick, a watch notice): nobody asked for them.
            return;
        }

        if (_deadLetterLog.IsEnabled(LogLevel.Debug))
        {
            _deadLetterLog.LogDebug(
                "Dead letter {MessageType} from {Sender} to {Recipient}",
                message.GetType().Name,
                sender.Path,
                recipient.Path);
        }

        if (message is AllDeadLetters)
        {
            // A subscriber of the dead-letter channel has itself stopped: forget it rather than loop.
            EventStream.Unsubscribe(recipient);
            return;
        }

        EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    internal void PublishUnhandled(object message, IActorRef sender, IActorRef recipient)
    {
        if (_deadLetterLog.IsEnabled(LogLevel.Debug))
        {
            _deadLetterLog.LogDebug(
                "Unhandled message {MessageType} from {Sender} to {Recipient}",
                message.GetType().Name,
                sender.Path,
                recipient.Path);
        }

        EventStream.Publish(new UnhandledMessage(message, sender, recipient));
    }

    /// <summary>The parent of top-level actors; it has no behaviour of its own.</summary>
    private sealed class UserGuardian : ActorBase
    {
        protected override bool Receive(object message) => false;
    }
}
