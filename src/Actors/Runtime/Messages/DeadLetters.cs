namespace Sfu.Actors.Runtime;

/// <summary>Base of what the dead-letter channel publishes; subscribe to it to see both kinds.</summary>
public abstract record AllDeadLetters(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>A message that could not be delivered: its recipient was stopped or designates no actor.</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient)
    : AllDeadLetters(Message, Sender, Recipient);

/// <summary>A message that reached a live actor which did not handle it.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient)
    : AllDeadLetters(Message, Sender, Recipient);
