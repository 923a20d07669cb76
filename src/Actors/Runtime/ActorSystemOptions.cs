using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sfu.Actors.Runtime;

/// <summary>Settings of an <see cref="ActorSystem"/>.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>The clock of every timer and ask timeout; a virtual one in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Ask's timeout when the caller gives none.</summary>
    public TimeSpan DefaultAskTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// User messages an actor handles per mailbox run before yielding its thread: higher favours throughput,
    /// lower favours fairness between actors.
    /// </summary>
    public int Throughput { get; init; } = 100;
}
