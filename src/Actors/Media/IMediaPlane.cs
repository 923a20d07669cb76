using Sfu.Actors.Runtime;

namespace Sfu.Actors.Media;

/// <summary>
/// Where channels get their media router: one router per WebRTC channel, placed on a media worker. The channel
/// creates it as a child from these props, so it stops with the channel.
/// </summary>
public interface IMediaPlane
{
    /// <summary>Places a new router for the channel (each call places one: a replacement router asks again).</summary>
    Props RouterProps(string channelUuid);
}
