using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Media;

// The conversation between a session and its channel's media router (PROTOCOL.md §5.2–§5.5). Parameters travel as
// JSON, exactly as they cross the signaling, so that sessions know nothing of ORTC: the router validates and maps them.
// Every ask is answered with the named reply or with Status.Failure carrying a MediaException.

/// <summary>Ask: create the session's upload (client-to-server) and download transports (§5.2 step 4.1).</summary>
/// <param name="Owner">Receives <see cref="TransportStateChanged"/> and <see cref="ConsumerClosed"/> about them.</param>
/// <param name="OneTransport">
/// One transport for both directions (an SDP client with one BUNDLE group that sends and receives, RFC 8843): the
/// upload and download descriptions are then the same transport.
/// </param>
public sealed record CreateSessionTransports(SessionId Session, IActorRef Owner, bool OneTransport = false);

/// <summary>
/// The payload pieces of INIT_TRANSPORTS: the router's RTP capabilities (§6.1), the two transports' parameters
/// (§6.2) and the producer options (§5.10).
/// </summary>
public sealed record SessionTransportsCreated(
    JsonNode RouterCapabilities,
    JsonNode ProducerOptionsByKind,
    TransportDescription Upload,
    TransportDescription Download);

/// <param name="Parameters">{id, iceParameters, iceCandidates, dtlsParameters} as mediasoup-client expects them.</param>
public sealed record TransportDescription(string Id, JsonNode Parameters);

/// <summary>Ask: CONNECT_CTS_TRANSPORT / CONNECT_STC_TRANSPORT with the client's DTLS parameters (§7.1).</summary>
public sealed record ConnectTransport(string TransportId, JsonElement DtlsParameters);

public sealed record TransportConnected(string TransportId);

/// <summary>Ask: INIT_PRODUCER on the upload transport (§6.6.1, §6.6.3).</summary>
public sealed record Produce(string TransportId, string Type, string Kind, JsonElement RtpParameters);

public sealed record Produced(string ProducerId);

/// <summary>Pause (forward nothing) or resume a producer; consumers follow through the sessions' sync (§5.4).</summary>
public sealed record SetProducerPaused(string ProducerId, bool Paused);

/// <summary>Close a producer; its consumers close and their owners get <see cref="ConsumerClosed"/>.</summary>
public sealed record CloseProducer(string ProducerId);

/// <summary>
/// Ask: a paused consumer of <paramref name="ProducerId"/> on the download transport, for a client with these
/// receive capabilities (§6.5). Answered with <see cref="Consumed"/>, or <see cref="CannotConsume"/> when the
/// capabilities do not allow it (§6.6.5: skipped, not an error).
/// </summary>
/// <param name="Mid">The mid to send with; null lets the transport assign the next one (mediasoup-client adopts it).</param>
/// <param name="ClientNumbering">An SDP client: send with its payload types and extension ids, not the router's.</param>
public sealed record Consume(string TransportId, string ProducerId, JsonElement ClientCapabilities, string? Mid = null, bool ClientNumbering = false);

public sealed record Consumed(string ConsumerId, string Kind, JsonNode RtpParameters);

public sealed record CannotConsume(string ProducerId);

/// <summary>Ask: pause or resume a consumer; a resumed video consumer waits for a key frame (§7.4).</summary>
public sealed record SetConsumerPaused(string ConsumerId, bool Paused);

public sealed record ConsumerPausedSet(string ConsumerId, bool Paused);

public sealed record CloseConsumer(string ConsumerId);

/// <summary>
/// Ask (Beep mode): the transport's one receive track, fed by its conversation's dominant speaker; parameters as
/// an SDP client negotiated them (one audio codec, one SSRC, its mid and extension ids). Answered with
/// <see cref="SpeakerConsumerCreated"/>.
/// </summary>
public sealed record CreateSpeakerConsumer(string TransportId, JsonElement RtpParameters);

public sealed record SpeakerConsumerCreated(string TransportId);

/// <summary>Ask (Beep mode): move the transport into a conversation, or out of any with null; answered with <see cref="ConversationSet"/>.</summary>
public sealed record SetConversation(string TransportId, string? ConversationId);

public sealed record ConversationSet(string TransportId, string? ConversationId);

/// <summary>Ask: whether a transport's ICE and DTLS are up; answered with <see cref="TransportStateIs"/>.</summary>
public sealed record GetTransportState(string TransportId);

/// <param name="Connected">ICE and DTLS completed and consent is fresh.</param>
/// <param name="State">The state's name ("New", "Connecting", "Connected", …, "Closed" for an unknown transport).</param>
public sealed record TransportStateIs(string TransportId, bool Connected, string State);

/// <summary>The session closed: its transports close, with its producers and every consumer of them.</summary>
public sealed record CloseSessionTransports(SessionId Session);

/// <summary>Event to a consumer's owner: the consumer closed because its producer or transport did.</summary>
public sealed record ConsumerClosed(string ConsumerId);

/// <summary>
/// Ask: cap one session's download at <paramref name="MaxBitrate"/> bit/s while the call goes on (mediasoup's
/// setMaxOutgoingBitrate, §7.6); its simulcast consumers move to the layers that fit, down at once, up on a key frame.
/// The cap never exceeds MAX_BITRATE_OUT (R96). Answered with <see cref="SessionDownloadLimited"/>.
/// </summary>
public sealed record LimitSessionDownload(SessionId Session, long MaxBitrate);

/// <param name="MaxBitrate">The cap now in force.</param>
public sealed record SessionDownloadLimited(SessionId Session, long MaxBitrate);

/// <summary>Ask: where one session's download stands (§7.6). Answered with <see cref="SessionDownload"/>.</summary>
public sealed record GetSessionDownload(SessionId Session);

/// <param name="AvailableBitrate">The send-side bandwidth estimate within the cap: what its consumers share, bit/s.</param>
/// <param name="MaxBitrate">The cap in force (MAX_BITRATE_OUT unless lowered).</param>
public sealed record SessionDownload(SessionId Session, long AvailableBitrate, long MaxBitrate);

/// <summary>Ask: incoming bitrates of these producers, bit/s (§1.6); unknown ids are left out.</summary>
public sealed record GetProducerBitrates(IReadOnlyList<string> ProducerIds);

public sealed record ProducerBitrates(IReadOnlyDictionary<string, long> BitsPerSecond);

/// <summary>Why the router refused: invalid parameters, unknown ids, a transport connected twice.</summary>
public sealed class MediaException(string message) : Exception(message);

/// <summary>
/// Why a router stops itself: its media state can no longer be trusted (an exception escaped its packet or timer
/// path) or its worker died. Its supervisor stops it and its channel's sessions reconnect to a fresh router.
/// </summary>
public sealed class MediaRouterLostException(string message, Exception? cause = null) : Exception(message, cause);
