using System.Text.Json;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Channels;

/// <summary>An authenticated client joins; answered with <see cref="Joined"/> or <see cref="JoinRefused"/>.</summary>
/// <param name="Options">How the session consumes; null for a mediasoup-client participant (everything, router numbering).</param>
public sealed record JoinChannel(SessionId Id, IClientBus Bus, ConsumptionOptions? Options = null);

/// <summary>Ask: the producers a session of this channel publishes; answered with <see cref="SessionProducers"/>.</summary>
public sealed record GetSessionProducers(SessionId Id);

/// <param name="Found">False when no such session is in the channel.</param>
public sealed record SessionProducers(SessionId Id, bool Found, IReadOnlyList<PublishedProducer> Producers);

public sealed record Joined(IActorRef Session);

public enum JoinRefusal
{
    /// <summary>The channel holds CHANNEL_SIZE sessions and the id is not one of them (4109).</summary>
    ChannelFull,
    /// <summary>The channel is closing; the client, already acknowledged, is closed like its sessions (4108).</summary>
    ChannelClosed,
}

public sealed record JoinRefused(JoinRefusal Reason);

/// <summary>Close these sessions with reason <c>kicked</c>; answered with <see cref="SessionsKicked"/> once they are closed.</summary>
public sealed record KickSessions(IReadOnlyList<SessionId> Ids);

public sealed record SessionsKicked(int Count);

/// <summary>Close every session (<c>channel_closed</c>, 4108) and stop; answered with <see cref="ChannelStopped"/>.</summary>
public sealed record CloseChannel
{
    public static readonly CloseChannel Instance = new();
}

public sealed record ChannelStopped(string Uuid);

/// <summary>Ask: the channel's entry of <c>/v1/stats</c>.</summary>
public sealed record GetChannelStats
{
    public static readonly GetChannelStats Instance = new();
}

/// <summary>
/// One channel's statistics (PROTOCOL.md §1.6). <see cref="UnresponsiveSessions"/> names the sessions that did
/// not answer in time; their bitrates count as 0.
/// </summary>
public sealed record ChannelStats(
    string Uuid,
    DateTimeOffset CreateDate,
    string RemoteAddress,
    int SessionCount,
    int CameraCount,
    int ScreenCount,
    long AudioBitrate,
    long CameraBitrate,
    long ScreenBitrate,
    bool WebRtcEnabled,
    IReadOnlyList<SessionId> UnresponsiveSessions)
{
    public long TotalBitrate => AudioBitrate + CameraBitrate + ScreenBitrate;
}

/// <summary>A session's info changed; the channel keeps a copy, answers refreshes and broadcasts (§5.4).</summary>
public sealed record SessionInfoChanged(SessionId Id, SessionInfo Info, bool NeedRefresh, bool Broadcast);

/// <summary>A session's client sent BROADCAST; every other session gets it with <c>senderId</c> (§4.5.2).</summary>
public sealed record SessionBroadcast(SessionId Id, JsonElement Message);

/// <summary>A session closed itself (socket gone, timeout, error); the channel tells the others and forgets it.</summary>
public sealed record SessionEnded(SessionId Id, CloseReason Reason);

/// <summary>Ask: the channel's media router, for requests outside the Odoo protocol (Beep conversations).</summary>
public sealed record GetChannelRouter
{
    public static readonly GetChannelRouter Instance = new();
}

/// <param name="Router">Null for a channel without WebRTC, or while its router restarts.</param>
public sealed record ChannelRouter(IActorRef? Router);
