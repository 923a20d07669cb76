using System.Text.Json;

namespace Sfu.Actors.Sessions;

/// <summary>
/// The media bookkeeping of a session (PROTOCOL.md §5.2–§5.5), kept across restarts with the rest of its memory:
/// its transports, the client's receive capabilities, what it produces and what it consumes. The router owns the
/// media objects themselves; this is the session's view of them, by id. Owned by the session actor alone.
/// </summary>
public sealed class SessionMediaState
{
    /// <summary>The order in which a session's producers are consumed (§5.5); other types come after.</summary>
    public static readonly string[] TypeOrder = ["audio", "camera", "screen"];

    /// <summary>Set once the transports were asked for, so that a restart does not create a second pair.</summary>
    public bool TransportsRequested { get; set; }

    public string? UploadTransportId { get; set; }

    public string? DownloadTransportId { get; set; }

    /// <summary>The client's answer to INIT_TRANSPORTS: its receive RTP capabilities (§6.3).</summary>
    public JsonElement? ClientCapabilities { get; set; }

    /// <summary>Transports whose CONNECT_* request was accepted: a second connect of one fails (§4.5.2).</summary>
    public HashSet<string> ConnectRequested { get; } = [];

    /// <summary>This session's producers by type.</summary>
    public Dictionary<string, PublishedProducer> Producers { get; } = [];

    /// <summary>This session's consumers, by producing session then by type.</summary>
    public Dictionary<SessionId, Dictionary<string, ConsumerEntry>> Consumers { get; } = [];

    /// <summary>The latest producer list of every other session, as the channel announced it.</summary>
    public Dictionary<SessionId, IReadOnlyList<PublishedProducer>> RemoteProducers { get; } = [];

    /// <summary>Producing sessions whose consumption run is in flight, and those that need another run after it.</summary>
    public HashSet<SessionId> RunsInProgress { get; } = [];

    public HashSet<SessionId> RunsWanted { get; } = [];

    /// <summary>The producers in consumption order (audio, camera, screen, then others by name).</summary>
    public IReadOnlyList<PublishedProducer> ProducerList() =>
        [.. Producers.Values.OrderBy(p => Rank(p.Type)).ThenBy(p => p.Type, StringComparer.Ordinal)];

    public static int Rank(string type)
    {
        int index = Array.IndexOf(TypeOrder, type);
        return index < 0 ? TypeOrder.Length : index;
    }

    public bool TryFindConsumer(string consumerId, out SessionId producerSession, out string type)
    {
        foreach (var (session, byType) in Consumers)
        {
            foreach (var (consumerType, entry) in byType)
            {
                if (entry.Id == consumerId)
                {
                    producerSession = session;
                    type = consumerType;
                    return true;
                }
            }
        }

        producerSession = default;
        type = string.Empty;
        return false;
    }
}

/// <summary>One consumer of this session: which producer it reads and whether it is paused.</summary>
public sealed record ConsumerEntry(string Id, string ProducerId, string Kind, bool Paused);
