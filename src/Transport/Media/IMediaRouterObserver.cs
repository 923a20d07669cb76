using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Media;

/// <summary>What a router reports to its owner, on the worker thread, from inside its own calls.</summary>
public interface IMediaRouterObserver
{
    /// <summary>
    /// A transport changed state (ICE and DTLS taken together). <paramref name="reason"/> says why a transport failed,
    /// disconnected or closed, for logs; null otherwise.
    /// </summary>
    void OnTransportStateChanged(string transportId, WebRtcTransportState state, string? reason);

    /// <summary>A consumer closed because its producer or its transport did.</summary>
    void OnConsumerClosed(string consumerId);
}
