using Sfu.Actors.Channels;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;

namespace Sfu.Web.Sdp;

/// <summary>
/// An SDP client has no socket whose end would tell us it left: once answered, it must complete ICE and DTLS within
/// sfu.sdp.connect-timeout, or it leaves the channel as if it had sent DELETE (the others get SESSION_LEAVE). After
/// that, ICE consent freshness (RFC 7675) ends a client that goes silent.
/// </summary>
public static class SdpConnectWatch
{
    public static async Task WatchAsync(SdpClientBus bus, IActorRef channel, TimeSpan connectTimeout, TimeSpan askTimeout, ILogger log)
    {
        await Task.WhenAny(bus.Closed, Task.Delay(connectTimeout)).ConfigureAwait(false);
        if (bus.Closed.IsCompleted || bus.TransportId is not string transportId)
        {
            return;
        }

        try
        {
            ChannelRouter router = await channel.Ask<ChannelRouter>(GetChannelRouter.Instance, askTimeout).ConfigureAwait(false);
            TransportStateIs? state = router.Router is null
                ? null
                : await router.Router.Ask<TransportStateIs>(new GetTransportState(transportId), askTimeout).ConfigureAwait(false);
            if (state is { Connected: false })
            {
                log.LogWarning("SDP client at {Address} did not connect within {Timeout} (transport {State}); it leaves",
                    bus.RemoteAddress, connectTimeout, state.State);
                bus.Hangup();
            }
        }
        catch (AskTimeoutException)
        {
            // The channel or its router is busy or gone; the session's own failure handling takes over.
        }
    }
}
