/**
 * Names and numbers of the wire protocol between this client and the SFU server
 * (PROTOCOL.md §3.4 close codes, §4.5 message catalogue). Internal to the bundle.
 */

/** WebSocket close codes the server uses (PROTOCOL.md §3.4). */
export const CLOSE_CODE = {
    CLEAN: 1000,
    ERROR: 1011,
    AUTHENTICATION_FAILED: 4106,
    TIMEOUT: 4107,
    KICKED: 4108,
    CHANNEL_FULL: 4109,
} as const;

/** Requests the server sends and the client must answer (PROTOCOL.md §4.5.1). */
export const SERVER_REQUEST = {
    INIT_TRANSPORTS: "INIT_TRANSPORTS",
    INIT_CONSUMER: "INIT_CONSUMER",
    PING: "PING",
} as const;

/** Plain messages the server sends (PROTOCOL.md §4.5.1). */
export const SERVER_MESSAGE = {
    BROADCAST: "BROADCAST",
    SESSION_LEAVE: "SESSION_LEAVE",
    INFO_CHANGE: "S_INFO_CHANGE",
} as const;

/** Requests the client sends; they are never batched (PROTOCOL.md §4.3). */
export const CLIENT_REQUEST = {
    CONNECT_CTS_TRANSPORT: "CONNECT_CTS_TRANSPORT",
    CONNECT_STC_TRANSPORT: "CONNECT_STC_TRANSPORT",
    INIT_PRODUCER: "INIT_PRODUCER",
} as const;

/** Plain messages the client sends; they are always batched (PROTOCOL.md §4.3). */
export const CLIENT_MESSAGE = {
    BROADCAST: "BROADCAST",
    INFO_CHANGE: "C_INFO_CHANGE",
    PRODUCTION_CHANGE: "PRODUCTION_CHANGE",
    CONSUMPTION_CHANGE: "CONSUMPTION_CHANGE",
} as const;

/** The body of a request or plain message: `{"name": string, "payload"?: any}`. */
export interface BusMessage {
    name: string;
    // The payload shape depends on `name`; handlers narrow it themselves.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    payload?: any;
}

/**
 * One element of a bus frame (PROTOCOL.md §4.1). `message` is a BusMessage for requests and
 * plain messages, and the handler's result (possibly absent) for responses.
 */
export interface BusPayload {
    message?: unknown;
    needResponse?: string;
    responseTo?: string;
}
