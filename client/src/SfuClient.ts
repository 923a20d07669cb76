import { Device } from "mediasoup-client";
import type {
    DeviceOptions,
    MediaKind,
    ProducerOptions,
    RtpCapabilities,
    RtpParameters,
    Transport,
    TransportOptions,
} from "mediasoup-client/types";

import { ReconnectBackoff } from "./backoff";
import { Bus } from "./bus";
import { ConsumerBook } from "./consumerBook";
import { Uploads } from "./uploads";
import {
    CLIENT_MESSAGE,
    CLIENT_REQUEST,
    CLOSE_CODE,
    SERVER_MESSAGE,
    SERVER_REQUEST,
    type BusMessage,
} from "./protocol";
import {
    SFU_CLIENT_STATE,
    type ConnectOptions,
    type DownloadStates,
    type JsonValue,
    type MediaHandlerFactory,
    type SessionId,
    type SessionInfo,
    type SfuClientOptions,
    type SfuClientState,
    type SfuClientStateChange,
    type SfuClientStats,
    type SfuClientTimings,
    type SfuClientUpdate,
    type StreamType,
    type UpdateInfoOptions,
    type WebSocketConstructor,
    type WebSocketLike,
} from "./types";

const DEFAULT_TIMINGS: SfuClientTimings = {
    batchDelay: 200,
    requestTimeout: 5_000,
    producerRecoveryDelay: 1_000,
    reconnectInitialDelay: 1_000,
    reconnectMaxDelay: 30_000,
    reconnectJitter: 1_000,
};

/** The connection is restarted when producing has failed more often than this (§4.4). */
const MAX_PRODUCER_ERRORS = 6;

const STREAM_TYPES: ReadonlySet<string> = new Set<StreamType>(["audio", "camera", "screen"]);

/**
 * Used until the server sends producerOptionsByKind (PROTOCOL.md §5.10): keep the track alive
 * and the sender quiet while paused, the caller owns the track.
 */
const BASE_PRODUCER_OPTIONS: ProducerOptions = {
    stopTracks: false,
    disableTrackOnPause: false,
    zeroRtpOnPause: true,
};

const SOCKET_CLOSING = 2;

/** Close codes after which reconnecting cannot help (PROTOCOL.md §3.4). */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
    CLOSE_CODE.AUTHENTICATION_FAILED,
    CLOSE_CODE.KICKED,
    CLOSE_CODE.CHANNEL_FULL,
]);

interface TransportsPayload {
    capabilities: RtpCapabilities;
    stcConfig: TransportOptions;
    ctsConfig: TransportOptions;
    producerOptionsByKind?: Record<MediaKind, ProducerOptions>;
}

interface ConsumerPayload {
    id: string;
    kind: MediaKind;
    producerId: string;
    rtpParameters: RtpParameters;
    sessionId: SessionId;
    active: boolean;
    type: StreamType;
}

/**
 * Connects a browser to a channel of the SFU: authenticates over a WebSocket, keeps the
 * mediasoup-client Device and its two transports (upload "cts", download "stc"), uploads the
 * caller's tracks, downloads the other sessions' tracks, and reconnects when the connection
 * drops.
 *
 * Events: "stateChange" (detail: SfuClientStateChange) and "update" (detail: SfuClientUpdate).
 */
export class SfuClient extends EventTarget {
    /** Production failures of the current connection; more than 6 restart the connection. */
    errors: Error[] = [];

    private _state: SfuClientState = SFU_CLIENT_STATE.DISCONNECTED;
    private readonly _WebSocket?: WebSocketConstructor;
    private readonly _handlerFactory?: MediaHandlerFactory;
    private readonly _timings: SfuClientTimings;
    private readonly _backoff: ReconnectBackoff;
    private _url = "";
    private _jsonWebToken = "";
    private _channelUUID?: string;
    private _iceServers?: RTCIceServer[];
    private _device?: Device;
    private _bus?: Bus;
    private _sendTransport?: Transport;
    private _recvTransport?: Transport;
    private _producerOptionsByKind: Record<MediaKind, ProducerOptions> = {
        audio: BASE_PRODUCER_OPTIONS,
        video: BASE_PRODUCER_OPTIONS,
    };
    private readonly _uploads: Uploads;
    private readonly _consumers = new ConsumerBook();
    /** What ends the current connection attempt: socket, bus, timers. */
    private _cleanups: Array<() => void> = [];

    constructor(options: SfuClientOptions = {}) {
        super();
        this._WebSocket = options.WebSocket;
        this._handlerFactory = options.handlerFactory;
        this._timings = { ...DEFAULT_TIMINGS, ...options.timings };
        this._backoff = new ReconnectBackoff(this._timings);
        this._uploads = new Uploads(
            {
                sendTransport: () => this._sendTransport,
                producerOptions: (kind) => this._producerOptionsFor(kind),
                announceProduction: (type, active) => {
                    this._bus?.send(
                        { name: CLIENT_MESSAGE.PRODUCTION_CHANGE, payload: { type, active } },
                        { batch: true },
                    );
                },
                shouldRetryAfter: (error) => this._countProducerError(error),
                report: (error) => this._report(error),
            },
            this._timings.producerRecoveryDelay,
        );
    }

    get state(): SfuClientState {
        return this._state;
    }

    // Typed overloads, so that listeners get `event.detail` typed without a cast.
    override addEventListener(
        type: "update",
        listener: (event: CustomEvent<SfuClientUpdate>) => void,
        options?: boolean | AddEventListenerOptions,
    ): void;
    override addEventListener(
        type: "stateChange",
        listener: (event: CustomEvent<SfuClientStateChange>) => void,
        options?: boolean | AddEventListenerOptions,
    ): void;
    override addEventListener(
        type: string,
        listener: EventListenerOrEventListenerObject | null,
        options?: boolean | AddEventListenerOptions,
    ): void;
    override addEventListener(
        type: string,
        listener: EventListenerOrEventListenerObject | null | ((event: CustomEvent<never>) => void),
        options?: boolean | AddEventListenerOptions,
    ): void {
        super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
    }

    override removeEventListener(
        type: "update",
        listener: (event: CustomEvent<SfuClientUpdate>) => void,
        options?: boolean | EventListenerOptions,
    ): void;
    override removeEventListener(
        type: "stateChange",
        listener: (event: CustomEvent<SfuClientStateChange>) => void,
        options?: boolean | EventListenerOptions,
    ): void;
    override removeEventListener(
        type: string,
        listener: EventListenerOrEventListenerObject | null,
        options?: boolean | EventListenerOptions,
    ): void;
    override removeEventListener(
        type: string,
        listener: EventListenerOrEventListenerObject | null | ((event: CustomEvent<never>) => void),
        options?: boolean | EventListenerOptions,
    ): void {
        super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
    }

    /**
     * Joins a channel. Resolves once the server accepted or refused the credentials (or the
     * first attempt failed and a retry is scheduled); follow "stateChange" for the rest.
     *
     * @param url the server URL (http(s) URLs are turned into ws(s) URLs)
     * @param jsonWebToken the HS256 token carrying `session_id` (and `sfu_channel_uuid`)
     */
    async connect(url: string, jsonWebToken: string, options: ConnectOptions = {}): Promise<void> {
        if (!this._WebSocket && typeof WebSocket === "undefined") {
            throw new Error("No WebSocket implementation: pass { WebSocket } to new SfuClient()");
        }
        // A new Device per connect(): its router capabilities are loaded on the first
        // INIT_TRANSPORTS and kept across reconnections (PROTOCOL.md §5.11). Created first
        // because it throws in a browser mediasoup-client does not support.
        const deviceOptions: DeviceOptions = {};
        if (this._handlerFactory) {
            deviceOptions.handlerFactory = this._handlerFactory as unknown as DeviceOptions["handlerFactory"];
        }
        const device = new Device(deviceOptions);
        this._clear();
        this._device = device;
        this._url = url.replace(/^http/, "ws");
        this._jsonWebToken = jsonWebToken;
        this._channelUUID = options.channelUUID;
        this._iceServers = options.iceServers;
        this._backoff.reset();
        await this._open();
    }

    /** Leaves the channel for good (no reconnection) and releases every track and transport. */
    disconnect(): void {
        this._clear();
        this._setState(SFU_CLIENT_STATE.DISCONNECTED);
    }

    /** Sends any JSON value to every other session of the channel ("broadcast" update there). */
    broadcast(message: JsonValue): void {
        this._bus?.send({ name: CLIENT_MESSAGE.BROADCAST, payload: message }, { batch: true });
    }

    /** Tells the other sessions about this one (talking, muted, hand raised...). */
    updateInfo(info: SessionInfo, { needRefresh }: UpdateInfoOptions = {}): void {
        this._bus?.send(
            { name: CLIENT_MESSAGE.INFO_CHANGE, payload: { info, needRefresh } },
            { batch: true },
        );
    }

    /**
     * Pauses or resumes the download of some streams of one remote session, locally and on the
     * server. Nothing is sent when no known consumer changes.
     */
    updateDownload(sessionId: SessionId, states: DownloadStates): void {
        const consumers = this._consumers.typesOf(sessionId);
        if (!consumers) {
            return;
        }
        let changed = false;
        for (const [type, active] of Object.entries(states)) {
            const consumer = STREAM_TYPES.has(type) ? consumers.get(type) : undefined;
            if (!consumer || Boolean(active) === !consumer.paused) {
                continue;
            }
            changed = true;
            if (active) {
                consumer.resume();
            } else {
                consumer.pause();
            }
        }
        if (changed) {
            this._bus?.send(
                { name: CLIENT_MESSAGE.CONSUMPTION_CHANGE, payload: { sessionId, states } },
                { batch: true },
            );
        }
    }

    /**
     * Uploads `track` as the stream of this `type`, replaces the uploaded track, or (with no
     * track) tells the others that this stream is off. The first upload of a type creates a
     * producer with the server's options for the track's kind (simulcast for video); a failure
     * is retried after 1 s, and too many failures restart the connection.
     */
    updateUpload(type: StreamType, track?: MediaStreamTrack | null): Promise<void> {
        if (!STREAM_TYPES.has(type)) {
            return Promise.reject(new Error(`Unsupported stream type: ${String(type)}`));
        }
        return this._uploads.update(type, track ?? undefined);
    }

    /** Statistics of both transports and of every producer ("audio", "camera", "screen"). */
    async getStats(): Promise<SfuClientStats> {
        const [uploadStats, downloadStats] = await Promise.all([
            this._sendTransport?.getStats(),
            this._recvTransport?.getStats(),
        ]);
        const stats: SfuClientStats = { uploadStats, downloadStats };
        await Promise.all(
            [...this._uploads.producers].map(async ([type, producer]) => {
                stats[type] = await producer.getStats();
            }),
        );
        return stats;
    }

    // ---- connection lifecycle -------------------------------------------------------------

    private _open(): Promise<void> {
        this._clear();
        this._setState(SFU_CLIENT_STATE.CONNECTING);
        if (this._state !== SFU_CLIENT_STATE.CONNECTING) {
            return Promise.resolve(); // a stateChange listener disconnected meanwhile
        }
        const WebSocketImpl = this._WebSocket ?? (WebSocket as unknown as WebSocketConstructor);
        return new Promise((resolve) => {
            let socket: WebSocketLike;
            try {
                socket = new WebSocketImpl(this._url);
            } catch (error) {
                this._report(error);
                this._onConnectionLost(undefined);
                resolve();
                return;
            }
            socket.binaryType = "arraybuffer";
            // The first frame carries the credentials (PROTOCOL.md §3.2).
            const onOpen = () => {
                socket.send(JSON.stringify({ channelUUID: this._channelUUID, jwt: this._jsonWebToken }));
            };
            // Whatever the server sends first is its acknowledgement; the bus must be listening
            // before the next frame is dispatched, which may happen in the same tick.
            const onAcknowledgement = () => {
                socket.removeEventListener("message", onAcknowledgement);
                this._onAuthenticated(socket);
                resolve();
            };
            const onClose = (event: { code?: number }) => {
                detach();
                this._onConnectionLost(event.code);
                resolve();
            };
            const detach = () => {
                socket.removeEventListener("open", onOpen);
                socket.removeEventListener("message", onAcknowledgement);
                socket.removeEventListener("close", onClose);
            };
            // Errors are always followed by "close", which decides; the listener stays attached
            // because the `ws` package throws on an "error" nobody listens to.
            socket.addEventListener("error", ignoreSocketError);
            socket.addEventListener("open", onOpen);
            socket.addEventListener("message", onAcknowledgement);
            socket.addEventListener("close", onClose);
            this._cleanups.push(() => {
                detach();
                if (socket.readyState < SOCKET_CLOSING) {
                    socket.close(CLOSE_CODE.CLEAN);
                }
                resolve();
            });
        });
    }

    private _onAuthenticated(socket: WebSocketLike): void {
        const bus = new Bus(socket, this._timings);
        bus.onMessage = (message) => this._handleMessage(message);
        bus.onRequest = (message) => this._handleRequest(bus, message);
        bus.onError = (error) => this._report(error);
        this._bus = bus;
        this._cleanups.push(() => {
            bus.close();
            if (this._bus === bus) {
                this._bus = undefined;
            }
        });
        this._setState(SFU_CLIENT_STATE.AUTHENTICATED);
    }

    private _onConnectionLost(closeCode: number | undefined): void {
        if (this._state === SFU_CLIENT_STATE.DISCONNECTED || this._state === SFU_CLIENT_STATE.CLOSED) {
            return;
        }
        if (closeCode !== undefined && FINAL_CLOSE_CODES.has(closeCode)) {
            this._clear();
            this._setState(
                SFU_CLIENT_STATE.CLOSED,
                closeCode === CLOSE_CODE.CHANNEL_FULL ? "full" : undefined,
            );
            return;
        }
        this._restart();
    }

    /** Drops the current connection and schedules the next attempt. */
    private _restart(): void {
        this._clear();
        this._setState(SFU_CLIENT_STATE.RECOVERING);
        if (this._state !== SFU_CLIENT_STATE.RECOVERING) {
            return;
        }
        const timer = setTimeout(() => {
            if (this._state === SFU_CLIENT_STATE.RECOVERING) {
                void this._open();
            }
        }, this._backoff.next());
        this._cleanups.push(() => clearTimeout(timer));
    }

    /** Ends the current connection attempt and everything that belongs to it. */
    private _clear(): void {
        for (const cleanup of this._cleanups.splice(0)) {
            cleanup();
        }
        this.errors = [];
        this._uploads.clear();
        this._consumers.closeAll();
        this._closeTransports();
    }

    private _closeTransports(): void {
        this._sendTransport?.close();
        this._recvTransport?.close();
        this._sendTransport = undefined;
        this._recvTransport = undefined;
    }

    private _setState(state: SfuClientState, cause?: string): void {
        this._state = state;
        this.dispatchEvent(new CustomEvent("stateChange", { detail: { state, cause } }));
    }

    private _emitUpdate(update: SfuClientUpdate): void {
        this.dispatchEvent(new CustomEvent("update", { detail: update }));
    }

    private _report(error: unknown): void {
        console.warn("[SfuClient]", error);
    }

    // ---- server messages and requests -----------------------------------------------------

    private _handleMessage({ name, payload }: BusMessage): void {
        switch (name) {
            case SERVER_MESSAGE.BROADCAST:
                this._emitUpdate({ name: "broadcast", payload });
                return;
            case SERVER_MESSAGE.SESSION_LEAVE:
                this._consumers.closeSession(payload?.sessionId);
                this._emitUpdate({ name: "disconnect", payload });
                return;
            case SERVER_MESSAGE.INFO_CHANGE:
                this._emitUpdate({ name: "info_change", payload });
                return;
        }
    }

    private async _handleRequest(bus: Bus, { name, payload }: BusMessage): Promise<unknown> {
        switch (name) {
            case SERVER_REQUEST.INIT_TRANSPORTS:
                return this._initTransports(bus, payload as TransportsPayload);
            case SERVER_REQUEST.INIT_CONSUMER:
                await this._initConsumer(payload as ConsumerPayload);
                return undefined;
            case SERVER_REQUEST.PING: // any response keeps the session alive (PROTOCOL.md §5.3)
            default:
                return undefined;
        }
    }

    /**
     * Loads the Device (once per connect()), creates both transports and answers with the
     * receive capabilities the server will use for every consumer (PROTOCOL.md §6.3).
     */
    private async _initTransports(bus: Bus, payload: TransportsPayload): Promise<RtpCapabilities> {
        const { capabilities, stcConfig, ctsConfig, producerOptionsByKind } = payload;
        const device = this._device;
        if (!device) {
            throw new Error("INIT_TRANSPORTS without a device");
        }
        if (producerOptionsByKind) {
            this._producerOptionsByKind = producerOptionsByKind;
        }
        if (!device.loaded) {
            await device.load({ routerRtpCapabilities: capabilities });
        }
        if (bus !== this._bus) {
            throw new Error("connection replaced while loading the device");
        }
        if (this._sendTransport || this._recvTransport) {
            // Sent once per session by the server; should it come again, start media afresh.
            this._uploads.clear();
            this._consumers.closeAll();
            this._closeTransports();
        }
        this._recvTransport = this._createRecvTransport(device, bus, stcConfig);
        this._sendTransport = this._createSendTransport(device, bus, ctsConfig);
        // "connected" is announced after the response has left (the bus writes it as soon as
        // this method resolves), so that uploads started by stateChange listeners reach the
        // server after the capabilities it needs for them.
        setTimeout(() => this._onTransportsReady(bus), 0);
        return device.recvRtpCapabilities;
    }

    private _onTransportsReady(bus: Bus): void {
        const state = this._state;
        if (bus !== this._bus || (state !== SFU_CLIENT_STATE.AUTHENTICATED && state !== SFU_CLIENT_STATE.CONNECTED)) {
            return;
        }
        // Only a complete connection resets the back-off: a server that accepts the token and
        // then fails (1011) every time is retried less and less often.
        this._backoff.reset();
        this._setState(SFU_CLIENT_STATE.CONNECTED);
        this._uploads.producePending();
    }

    private _createRecvTransport(device: Device, bus: Bus, config: TransportOptions): Transport {
        const transport = device.createRecvTransport({ ...config, iceServers: this._iceServers });
        transport.on("connect", ({ dtlsParameters }, callback, errback) => {
            bus.request({ name: CLIENT_REQUEST.CONNECT_STC_TRANSPORT, payload: { dtlsParameters } }).then(
                () => callback(),
                errback,
            );
        });
        return transport;
    }

    private _createSendTransport(device: Device, bus: Bus, config: TransportOptions): Transport {
        const transport = device.createSendTransport({ ...config, iceServers: this._iceServers });
        transport.on("connect", ({ dtlsParameters }, callback, errback) => {
            bus.request({ name: CLIENT_REQUEST.CONNECT_CTS_TRANSPORT, payload: { dtlsParameters } }).then(
                () => callback(),
                errback,
            );
        });
        transport.on("produce", ({ kind, rtpParameters, appData }, callback, errback) => {
            bus.request({ name: CLIENT_REQUEST.INIT_PRODUCER, payload: { type: appData.type, kind, rtpParameters } })
                .then((result) => {
                    const id = (result as { id?: unknown } | undefined)?.id;
                    if (typeof id !== "string") {
                        throw new Error("INIT_PRODUCER was answered without a producer id");
                    }
                    callback({ id });
                })
                .catch(errback);
        });
        return transport;
    }

    /**
     * Creates the consumer the server announced, replacing an existing one of the same type
     * for that session. Failing here means no response, which the server retries (§5.5).
     */
    private async _initConsumer(payload: ConsumerPayload): Promise<void> {
        const { id, kind, producerId, rtpParameters, sessionId, type } = payload;
        const active = Boolean(payload.active);
        const transport = this._recvTransport;
        if (!transport) {
            throw new Error("INIT_CONSUMER before INIT_TRANSPORTS");
        }
        this._consumers.close(sessionId, type);
        const consumer = await transport.consume({ id, producerId, kind, rtpParameters });
        if (transport !== this._recvTransport) {
            consumer.close();
            throw new Error("connection replaced while consuming");
        }
        if (active) {
            consumer.resume();
        } else {
            consumer.pause();
        }
        this._consumers.store(sessionId, type, consumer);
        this._emitUpdate({ name: "track", payload: { type, sessionId, track: consumer.track, active } });
    }

    // ---- uploads ---------------------------------------------------------------------------

    /** A fresh copy for every producer: mediasoup-client may normalise the encodings in place. */
    private _producerOptionsFor(kind: MediaKind): ProducerOptions {
        const options = this._producerOptionsByKind[kind] ?? BASE_PRODUCER_OPTIONS;
        return JSON.parse(JSON.stringify(options)) as ProducerOptions;
    }

    /** Counts a failed production (§4.4); past the limit the connection starts over. */
    private _countProducerError(error: unknown): boolean {
        this.errors.push(error instanceof Error ? error : new Error(String(error)));
        if (this.errors.length > MAX_PRODUCER_ERRORS) {
            this._restart();
            return false;
        }
        return true;
    }
}

function ignoreSocketError(): void {
    // The "close" event that follows carries the code that decides what happens next.
}
