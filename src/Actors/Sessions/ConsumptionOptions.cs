namespace Sfu.Actors.Sessions;

/// <summary>
/// What a session consumes and how, for clients that are not mediasoup-client. An SDP client (WHEP) negotiated its
/// sections once: it plays one participant, each type on the mid of its section, with its own payload types and
/// header extension ids. The default consumes every participant's every type, as PROTOCOL §5.5 describes.
/// </summary>
public sealed record ConsumptionOptions
{
    public static ConsumptionOptions Default { get; } = new();

    /// <summary>Consume only this participant; null consumes everyone.</summary>
    public SessionId? OnlyFrom { get; init; }

    /// <summary>Consume only these types, each sent with its mid; null consumes every type with the transport's mids.</summary>
    public IReadOnlyDictionary<string, string>? MidsByType { get; init; }

    /// <summary>Send with the client's payload types and extension ids (an SDP answerer's duty, RFC 3264 §6.1).</summary>
    public bool ClientNumbering { get; init; }

    /// <summary>One transport for both directions: an SDP client that sends and receives over one BUNDLE group.</summary>
    public bool OneTransport { get; init; }

    public bool Consumes(SessionId producer) => OnlyFrom is not SessionId only || only.Equals(producer);

    public IReadOnlyList<PublishedProducer> Filter(IReadOnlyList<PublishedProducer> producers) =>
        MidsByType is null ? producers : [.. producers.Where(p => MidsByType.ContainsKey(p.Type))];

    public string? MidOf(string type) => MidsByType is not null && MidsByType.TryGetValue(type, out string? mid) ? mid : null;
}
