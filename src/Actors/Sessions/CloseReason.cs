namespace Sfu.Actors.Sessions;

/// <summary>Why a session closed, as PROTOCOL.md §5.1 names the reasons.</summary>
public enum CloseReason
{
    Clean,
    Replaced,
    WebSocketError,
    WebSocketClosed,
    ChannelClosed,
    ConnectionTimeout,
    PingTimeout,
    Kicked,
    Error,
}

/// <summary>WebSocket close codes of the Odoo protocol (PROTOCOL.md §3.4).</summary>
public static class CloseCodes
{
    public const int Clean = 1000;
    public const int Leaving = 1001;
    public const int MessageTooBig = 1009;
    public const int Error = 1011;
    public const int AuthenticationFailed = 4106;
    public const int Timeout = 4107;
    public const int Kicked = 4108;
    public const int ChannelFull = 4109;

    /// <summary>The code the client sees for a reason; null where the socket is already gone.</summary>
    public static int? For(CloseReason reason) => reason switch
    {
        CloseReason.Clean => Clean,
        CloseReason.Replaced or CloseReason.ChannelClosed or CloseReason.Kicked => Kicked,
        CloseReason.ConnectionTimeout or CloseReason.PingTimeout => Timeout,
        CloseReason.Error => Error,
        CloseReason.WebSocketError => Clean,
        CloseReason.WebSocketClosed => null,
        _ => Error,
    };

    /// <summary>Every reason but a channel closing tells the others with SESSION_LEAVE (§5.1 step 4).</summary>
    public static bool AnnouncesLeave(CloseReason reason) => reason != CloseReason.ChannelClosed;
}
