using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>
/// A test actor that reports its lifecycle to a probe as strings ("name:prestart#1", "name:prerestart#1:boom",
/// "name:postrestart#2", "name:poststop#2"), numbering instances, and that understands a few commands:
/// Fail (throws), Echo (replies), CreateChild, Increment/GetCount (state that survives a Resume).
/// </summary>
internal sealed class LifecycleProbeActor : ReceiveActor
{
    private readonly string _name;
    private readonly IActorRef _probe;
    private readonly int _instance;
    private int _count;

    public LifecycleProbeActor(string name, IActorRef probe, InstanceCounter counter)
    {
        _name = name;
        _probe = probe;
        _instance = counter.Next();

        Receive<Fail>(m => throw new InvalidOperationException(m.Reason));
        Receive<Echo>(m => Sender.Tell(m.Text));
        Receive<Increment>(_ => _count++);
        Receive<GetCount>(_ => Sender.Tell(_count));
        Receive<CreateChild>(m => Sender.Tell(Context.ActorOf(m.Props, m.Name)));
    }

    protected override void PreStart() => _probe.Tell($"{_name}:prestart#{_instance}");

    protected override void PostStop() => _probe.Tell($"{_name}:poststop#{_instance}");

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell($"{_name}:prerestart#{_instance}:{reason.Message}:{message}");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell($"{_name}:postrestart#{_instance}:{reason.Message}");
        base.PostRestart(reason);
    }

    public static Props Props(string name, IActorRef probe, InstanceCounter? counter = null)
    {
        counter ??= new InstanceCounter();
        return Sfu.Actors.Runtime.Props.Create(() => new LifecycleProbeActor(name, probe, counter));
    }
}

internal sealed class InstanceCounter
{
    private int _last;

    public int Next() => Interlocked.Increment(ref _last);
}

internal sealed record Fail(string Reason)
{
    public override string ToString() => "Fail(" + Reason + ")";
}

internal sealed record Echo(string Text);

internal sealed record Increment;

internal sealed record GetCount;

internal sealed record CreateChild(Props Props, string? Name = null);
