/**
 * Public types of the bundle. Everything a caller of SfuClient sees is declared here, without
 * references to mediasoup-client, so that the generated odoo_sfu.d.ts stands on its own.
 */

/** Connection states of an SfuClient, as reported by the "stateChange" event. */
export const SFU_CLIENT_STATE = Object.freeze({
    /** Not connected and not trying to: the initial state, and the state after disconnect(). */
    DISCONNECTED: "disconnected",
    /** A WebSocket is opening and the credentials are being checked. */
    CONNECTING: "connecting",
    /** The server acknowledged the credentials: broadcast() and updateInfo() work. */
    AUTHENTICATED: "authenticated",
    /** The WebRTC transports exist: tracks can be uploaded and downloaded. */
    CONNECTED: "connected",
    /** The connection was lost; a new attempt is scheduled with exponential back-off. */
    RECOVERING: "recovering",
    /** The server ended the session for good (authentication failed, kicked, channel full). */
    CLOSED: "closed",
} as const);

export type SfuClientState = (typeof SFU_CLIENT_STATE)[keyof typeof SFU_CLIENT_STATE];

/**
 * A session id as it appears in the JWT `session_id` claim. The server keeps the JSON type,
 * so 5 and "5" are two different sessions (PROTOCOL.md §0.3).
 */
export type SessionId = string | number;

/** The three kinds of stream a session can upload. */
export type StreamType = "audio" | "camera" | "screen";

/** What a session tells the others about itself (PROTOCOL.md §5.4). */
export interface SessionInfo {
    isRaisingHand?: boolean;
    isSelfMuted?: boolean;
    isTalking?: boolean;
    isDeaf?: boolean;
    isCameraOn?: boolean;
    isScreenSharingOn?: boolean;
}

/** Any value that survives JSON.stringify: the payload of broadcast(). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Which streams of one remote session to download: `{ camera: false, screen: true }`. */
export type DownloadStates = Partial<Record<StreamType, boolean>>;

export interface ConnectOptions {
    /** The channel to join, as returned by the server's `/v1/channel`. */
    channelUUID?: string;
    /** STUN/TURN servers handed to both WebRTC transports. */
    iceServers?: RTCIceServer[];
}

export interface UpdateInfoOptions {
    /** Ask the server to answer with the info of every other session of the channel. */
    needRefresh?: boolean;
}

/** The minimal shape of a WebSocket this client uses: the browser's, or the `ws` package's. */
export interface WebSocketLike {
    readonly readyState: number;
    binaryType?: string;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    addEventListener(type: string, listener: (event: never) => void, options?: { once?: boolean }): void;
    removeEventListener(type: string, listener: (event: never) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/**
 * A mediasoup-client handler factory (`HandlerFactory` in mediasoup-client), for example
 * `FakeHandler.createFactory(fakeParameters)` in Node tests. Typed loosely on purpose so that
 * this declaration does not depend on mediasoup-client's own types.
 */
export interface MediaHandlerFactory {
    readonly name: string;
    factory(options: never): unknown;
    getNativeRtpCapabilities(options: never): Promise<unknown>;
}

/** Delays of the client, in milliseconds. The defaults follow PROTOCOL.md §3.4 and §4.3–§4.4. */
export interface SfuClientTimings {
    /** Window during which outgoing plain messages are gathered into one frame. Default 200. */
    batchDelay: number;
    /** How long a request to the server waits for its response. Default 5000. */
    requestTimeout: number;
    /** Delay before producing again after a failed attempt. Default 1000. */
    producerRecoveryDelay: number;
    /** Base of the reconnection back-off; the first retry waits 1.5 times this. Default 1000. */
    reconnectInitialDelay: number;
    /** Cap of the reconnection back-off, before jitter. Default 30000. */
    reconnectMaxDelay: number;
    /** Upper bound of the random delay added to each reconnection wait. Default 1000. */
    reconnectJitter: number;
}

export interface SfuClientOptions {
    /** WebSocket implementation; defaults to the global `WebSocket` (in Node: pass `ws`'s). */
    WebSocket?: WebSocketConstructor;
    /** mediasoup-client handler; defaults to the one mediasoup-client detects for this browser. */
    handlerFactory?: MediaHandlerFactory;
    /** Overrides of the protocol delays (tests use shorter ones). */
    timings?: Partial<SfuClientTimings>;
}

/** Detail of the "stateChange" event. `cause` is "full" when the channel refused us (4109). */
export interface SfuClientStateChange {
    state: SfuClientState;
    cause?: string;
}

export interface TrackUpdate {
    /** The producer type on the remote side: "audio", "camera" or "screen". */
    type: StreamType;
    sessionId: SessionId;
    track: MediaStreamTrack;
    /** False when the remote producer is paused (the track is then muted). */
    active: boolean;
}

export interface BroadcastUpdate {
    senderId: SessionId;
    message: JsonValue;
}

export interface DisconnectUpdate {
    sessionId: SessionId;
}

/** Info of the sessions that changed, keyed by session id. */
export type InfoChangeUpdate = Record<string, SessionInfo>;

/** Detail of the "update" event. */
export type SfuClientUpdate =
    | { name: "track"; payload: TrackUpdate }
    | { name: "broadcast"; payload: BroadcastUpdate }
    | { name: "disconnect"; payload: DisconnectUpdate }
    | { name: "info_change"; payload: InfoChangeUpdate };

/** Result of getStats(): the transports' reports and one report per uploaded stream type. */
export interface SfuClientStats {
    uploadStats?: RTCStatsReport;
    downloadStats?: RTCStatsReport;
    audio?: RTCStatsReport;
    camera?: RTCStatsReport;
    screen?: RTCStatsReport;
}
