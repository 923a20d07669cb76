using System.Collections.Concurrent;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.TestKit;

/// <summary>The actor behind a probe: it only records what it receives, with the sender, for the test thread.</summary>
internal sealed class ProbeActor(BlockingCollection<ReceivedMessage> inbox) : ActorBase
{
    protected override bool Receive(object message)
    {
        inbox.Add(new ReceivedMessage(message, Sender));
        return true;
    }
}

internal sealed record ReceivedMessage(object Message, IActorRef Sender)
{
    public override string ToString() => $"{Message.GetType().Name} [{Message}] from {Sender}";
}
