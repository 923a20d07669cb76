using Sfu.Actors.Runtime;

namespace Sfu.Actors.Sessions;

/// <summary>A producer a session publishes, as the other sessions need to know it to consume it (§5.5).</summary>
/// <param name="Type">"audio", "camera" or "screen" (upstream accepts any string).</param>
/// <param name="Kind">"audio" or "video".</param>
public sealed record PublishedProducer(string Type, string ProducerId, string Kind, bool Paused);

/// <summary>
/// Channel → session: create or sync this session's consumers of <paramref name="Producer"/>'s producers (§5.5).
/// <paramref name="Producers"/> is that session's complete current list, in the order audio, camera, screen.
/// </summary>
public sealed record ConsumeSession(SessionId Producer, IReadOnlyList<PublishedProducer> Producers);

/// <summary>Channel → session: another session left; its consumers are gone.</summary>
public sealed record RemoteSessionLeft(SessionId Id);

/// <summary>Session → channel: its transports are up and its client answered INIT_TRANSPORTS (§5.2 step 7).</summary>
public sealed record SessionConnected(SessionId Id);

/// <summary>Session → channel: the producers it publishes changed (created, replaced, paused or resumed).</summary>
public sealed record ProducersChanged(SessionId Id, IReadOnlyList<PublishedProducer> Producers);

/// <summary>The channel's media router, for a session of a WebRTC channel; absent in channels without WebRTC.</summary>
public sealed record SessionMediaSetup(IActorRef Router, TimeSpan RouterTimeout);
