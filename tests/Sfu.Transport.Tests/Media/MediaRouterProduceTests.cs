using System.Net;
using System.Text.Json;
using Sfu.Transport.Dtls;
using Sfu.Transport.Feedback;
using Sfu.Transport.Media;
using Sfu.Transport.Net;
using Sfu.Transport.Ortc;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Tests.Media;

public sealed class MediaRouterProduceTests : IMediaRouterObserver, IDisposable
{
    private readonly MediaWorkerLoop _loop = new(new MediaWorkerLoopOptions { Name = "produce-tests" },
        new MediaWorkerSettings { ListenAddress = IPAddress.Loopback, AnnouncedAddress = "127.0.0.1" });

    [Fact]
    public async Task A_producer_with_more_encodings_than_a_sent_packet_log_can_name_is_refused_with_a_reason()
    {
        RouterCapabilities capabilities = RouterCapabilities.Build(["opus"], ["VP8"]);
        var router = await _loop.InvokeAsync(() => new MediaRouter(_loop, new WebRtcTransportOptions(DtlsCertificate.Generate()),
            new MediaRouterOptions(capabilities.Capabilities, 10_000_000, 100_000_000), this));
        string transportId = (await _loop.InvokeAsync(router.CreateTransport)).Id;

        string Encodings(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"rid":"r{{i}}"}"""));
        RtpParameters Parameters(int encodings) => RtpParametersReader.Read(JsonDocument.Parse($$$"""
            {"mid":"0","codecs":[{"mimeType":"video/VP8","payloadType":96,"clockRate":90000,"parameters":{},"rtcpFeedback":[]}],
             "headerExtensions":[{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":4,"encrypt":false,"parameters":{}},
              {"uri":"urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id","id":10,"encrypt":false,"parameters":{}}],
             "encodings":[{{{Encodings(encodings)}}}],"rtcp":{"cname":"test","reducedSize":true}}
            """).RootElement);

        Func<Task> tooMany = () => _loop.InvokeAsync(() => router.Produce(transportId, MediaKind.Video, Parameters(SentPacketLog.MaxLayers + 1)));
        await tooMany.Should().ThrowAsync<MediaRouterException>().WithMessage("*at most 32 encodings*");
        string producerId = await _loop.InvokeAsync(() => router.Produce(transportId, MediaKind.Video, Parameters(SentPacketLog.MaxLayers)));
        producerId.Should().NotBeNullOrEmpty();
    }

    public void Dispose() => _loop.Dispose();

    void IMediaRouterObserver.OnTransportStateChanged(string transportId, WebRtcTransportState state, string? reason)
    {
    }

    void IMediaRouterObserver.OnConsumerClosed(string consumerId)
    {
    }

    void IMediaRouterObserver.OnRouterFailed(Exception cause)
    {
    }
}
