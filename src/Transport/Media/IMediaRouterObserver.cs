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

    /// <summary>
    /// An exception escaped one of the router's packet or timer handlers: its media state can no longer be trusted, so
    /// the router handles no more packets or timers (<see cref="MediaRouter.Failure"/>); its owner should close it and
    /// start a fresh one. Told once.
    /// </summary>
    void OnRouterFailed(Exception cause);
}
