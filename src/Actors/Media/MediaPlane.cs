using Sfu.Actors.Configuration;
using Sfu.Actors.Runtime;
using Sfu.Transport.Ortc;

namespace Sfu.Actors.Media;

/// <summary>
/// Gives each WebRTC channel a router on the least-loaded media worker. The router capabilities and producer options
/// are computed once from AUDIO_CODECS / VIDEO_CODECS / MAX_VIDEO_BITRATE, so every channel sends the same bytes (R66).
/// </summary>
public sealed class MediaPlane(MediaWorkerPool pool, MediaSettings media) : IMediaPlane
{
    private readonly RouterCapabilities _capabilities = RouterCapabilities.Build(media.AudioCodecs, media.VideoCodecs);
    private readonly string _producerOptions = ProducerOptionsByKind.ToJson(media.MaxVideoBitrate);

    public Props RouterProps(string channelUuid)
    {
        RouterPlacement placement = pool.PlaceRouter();
        var setup = new RouterSetup(channelUuid, placement, pool.TransportOptions, _capabilities, _producerOptions, media);
        return Props.Create(() => new RouterActor(setup)).WithDispatcher(placement.Worker.Dispatcher);
    }
}
