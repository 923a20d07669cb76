using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Channels;

/// <summary>
/// <c>GET /v1/channel</c>: find the live channel of this reuse key (<c>remoteAddress::iss</c>) or create one
/// (PROTOCOL.md §1.4). Answered with <see cref="ChannelCreated"/>.
/// </summary>
/// <param name="MaxSessions">Overrides CHANNEL_SIZE for this channel (the Beep mode's shared channel has its own limit).</param>
public sealed record CreateChannel(string RemoteAddress, string Issuer, byte[]? Key, bool WebRtcEnabled, int? MaxSessions = null);

public sealed record ChannelCreated(string Uuid, bool Reused);

/// <summary>Looks a channel up by UUID; answered with <see cref="ChannelFound"/> or <see cref="ChannelNotFound"/>.</summary>
public sealed record FindChannel(string Uuid);

public sealed record ChannelFound(string Uuid, IActorRef Channel, byte[]? Key);

public sealed record ChannelNotFound(string Uuid);

/// <summary>
/// <c>POST /v1/disconnect</c>: kick the listed sessions of channels created from <see cref="RemoteAddress"/>
/// (§1.5); answered with <see cref="SessionsDisconnected"/> once they are closed.
/// </summary>
public sealed record DisconnectSessions(string RemoteAddress, IReadOnlyList<KeyValuePair<string, IReadOnlyList<SessionId>>> SessionIdsByChannel);

public sealed record SessionsDisconnected(int Count);

/// <summary>Ask: every channel's statistics, in creation order. Channels that did not answer in time are named.</summary>
public sealed record GetServerStats
{
    public static readonly GetServerStats Instance = new();
}

public sealed record ServerStats(IReadOnlyList<ChannelStats> Channels, IReadOnlyList<ChannelStats> Unresponsive);

/// <summary>The soft reset (upstream SIGALRM): close every channel; answered with <see cref="AllChannelsClosed"/>.</summary>
public sealed record CloseAllChannels
{
    public static readonly CloseAllChannels Instance = new();
}

public sealed record AllChannelsClosed(int Count);
