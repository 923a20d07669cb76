using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Media;

/// <summary>What a router reports to its owner, on the worker thread, from inside its own calls.</summary>
public interface IMediaRouterObserver
{
    /// <summary>A transport changed state; Failed, Disconnected (consent expired) and Closed matter to a session.</summary>
    void OnTransportStateChanged(string transportId, WebRtcTransportState state);

    /// <summary>A consumer closed because its producer or its transport did.</summary>
    void OnConsumerClosed(string consumerId);
}
