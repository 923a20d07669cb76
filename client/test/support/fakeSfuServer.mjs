// A small stand-in for the SFU server, speaking the wire protocol of PROTOCOL.md §3–§6 over a
// real WebSocket on 127.0.0.1: first-frame authentication, empty acknowledgement, bus frames,
// INIT_TRANSPORTS with the Appendix A capabilities, INIT_CONSUMER when a session produces,
// BROADCAST / S_INFO_CHANGE / SESSION_LEAVE relays, and the close codes of §3.4.
// It keeps every payload it receives so that tests can look at the exact frames.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import { WebSocketServer } from "ws";

import { verifyHs256 } from "./jwt.mjs";

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));

export const ROUTER_CAPABILITIES = fixture("router-capabilities.json");
export const PRODUCER_OPTIONS_BY_KIND = fixture("producer-options-by-kind.json");
const CONSUMER_RTP_PARAMETERS = fixture("consumer-rtp-parameters.json");

export const CLOSE = { CLEAN: 1000, ERROR: 1011, AUTH: 4106, TIMEOUT: 4107, KICKED: 4108, FULL: 4109 };

let busCount = 0;

/** Resolves once `predicate()` holds; re-checked whenever `signal` fires. */
class Waiters {
    #waiting = new Set();

    until(predicate, what) {
        const value = predicate();
        if (value) {
            return Promise.resolve(value);
        }
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.#waiting.delete(entry);
                reject(new Error(`fake SFU: gave up waiting for ${what}`));
            }, 10_000);
            const entry = { predicate, resolve, timer };
            this.#waiting.add(entry);
        });
    }

    signal() {
        for (const entry of [...this.#waiting]) {
            const value = entry.predicate();
            if (value) {
                clearTimeout(entry.timer);
                this.#waiting.delete(entry);
                entry.resolve(value);
            }
        }
    }
}

function transportParameters() {
    const token = () => randomUUID().replace(/-/g, "");
    const fingerprint = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 0xff).toString(16).padStart(2, "0"))
        .join(":")
        .toUpperCase();
    return {
        id: randomUUID(),
        iceParameters: { usernameFragment: token(), password: token(), iceLite: true },
        iceCandidates: [
            { foundation: "udpcandidate", priority: 1076302079, ip: "127.0.0.1", address: "127.0.0.1", protocol: "udp", port: 40123, type: "host" },
            { foundation: "tcpcandidate", priority: 1076276479, ip: "127.0.0.1", address: "127.0.0.1", protocol: "tcp", port: 44871, type: "host", tcpType: "passive" },
        ],
        dtlsParameters: { fingerprints: [{ algorithm: "sha-256", value: fingerprint }], role: "auto" },
    };
}

/** One authenticated WebSocket, seen from the server. */
export class FakeSession {
    state = "connecting";
    info = {};
    /** Every frame received after the auth frame, as the parsed array of payloads. */
    frames = [];
    /** The response to INIT_TRANSPORTS: the client's receive RTP capabilities. */
    capabilities;
    /** Producers by type: `{ id, kind, rtpParameters }`. */
    producers = new Map();
    closeCode;
    #server;
    #socket;
    #busId = busCount++;
    #requestCount = 0;
    #pending = new Map();
    #connectedTransports = new Set();
    #nextMid = 0;
    #waiters = new Waiters();

    constructor(server, socket, sessionId, channelUUID) {
        this.#server = server;
        this.#socket = socket;
        this.sessionId = sessionId;
        this.channelUUID = channelUUID;
        socket.on("message", (data) => this.#onFrame(String(data)));
        socket.on("close", (code) => {
            this.closeCode ??= code;
            for (const { reject } of this.#pending.values()) {
                reject(new Error("socket closed"));
            }
            this.#pending.clear();
            this.#server.onSessionClosed(this);
            this.#waiters.signal();
        });
    }

    /** All payloads received, flattened, in order. */
    get payloads() {
        return this.frames.flat();
    }

    /** Resolves with the first received payload whose message has this name (and passes `filter`). */
    nextMessage(name, filter = () => true) {
        return this.#waiters.until(
            () => this.payloads.find((payload) => payload.message?.name === name && filter(payload.message.payload)),
            `a ${name} from session ${this.sessionId}`,
        );
    }

    until(predicate, what) {
        return this.#waiters.until(predicate, what);
    }

    closed() {
        return this.#waiters.until(() => this.closeCode !== undefined && { code: this.closeCode }, "the socket to close");
    }

    sendFrame(payloads) {
        if (this.#socket.readyState === this.#socket.OPEN) {
            this.#socket.send(JSON.stringify(payloads));
        }
    }

    sendMessage(name, payload) {
        this.sendFrame([{ message: payload === undefined ? { name } : { name, payload } }]);
    }

    /** Sends a request and resolves with the raw response payload (`{responseTo, message?}`). */
    request(name, payload) {
        const requestId = `s_${this.#busId}_${this.#requestCount++}`;
        return new Promise((resolve, reject) => {
            this.#pending.set(requestId, { resolve, reject });
            this.sendFrame([{ message: payload === undefined ? { name } : { name, payload }, needResponse: requestId }]);
        });
    }

    close(code) {
        this.closeCode ??= code;
        this.#socket.close(code);
    }

    /** Drops the TCP connection without a close frame: the client sees 1006. */
    terminate() {
        this.#socket.terminate();
    }

    async initTransports() {
        const response = await this.request("INIT_TRANSPORTS", {
            capabilities: this.#server.routerCapabilities,
            stcConfig: transportParameters(),
            ctsConfig: transportParameters(),
            producerOptionsByKind: this.#server.producerOptionsByKind,
        });
        this.capabilities = response.message;
        this.state = "connected";
        this.#waiters.signal();
    }

    /** Offers the producer of another session to this one (PROTOCOL.md §4.5.1 INIT_CONSUMER). */
    async consume(producerSession, type) {
        const producer = producerSession.producers.get(type);
        const rtpParameters = structuredClone(CONSUMER_RTP_PARAMETERS[producer.kind]);
        const ssrc = 100_000_000 + Math.floor(Math.random() * 899_999_998);
        rtpParameters.encodings[0].ssrc = ssrc;
        if (rtpParameters.encodings[0].rtx) {
            rtpParameters.encodings[0].rtx.ssrc = ssrc + 1;
        }
        rtpParameters.mid = String(this.#nextMid++);
        return this.request("INIT_CONSUMER", {
            id: randomUUID(),
            kind: producer.kind,
            producerId: producer.id,
            rtpParameters,
            sessionId: producerSession.sessionId,
            active: !producer.paused,
            type,
        });
    }

    #onFrame(text) {
        let payloads;
        try {
            payloads = JSON.parse(text);
        } catch {
            return;
        }
        if (!Array.isArray(payloads)) {
            return;
        }
        this.frames.push(payloads);
        for (const payload of payloads) {
            this.#handle(payload);
        }
        this.#waiters.signal();
    }

    #handle(payload) {
        const { message, needResponse, responseTo } = payload;
        if (responseTo) {
            const pending = this.#pending.get(responseTo);
            this.#pending.delete(responseTo);
            pending?.resolve(payload);
            return;
        }
        if (needResponse) {
            const result = this.#server.answer(this, message);
            if (result) {
                result.then(
                    (answer) => answer && this.sendFrame([{ ...answer, responseTo: needResponse }]),
                    () => undefined, // a failed request gets no response (PROTOCOL.md §4.1)
                );
            }
            return;
        }
        this.#server.relay(this, message);
    }

    /** Records a transport connect; a second connect of the same transport fails (§4.5.2). */
    connectTransport(name) {
        if (this.#connectedTransports.has(name)) {
            return false;
        }
        this.#connectedTransports.add(name);
        return true;
    }
}

/** One channel on one WebSocket server bound to 127.0.0.1 on a free port. */
export class FakeSfuServer {
    channelUUID = randomUUID();
    /** Sessions currently in the channel, by session id (type-sensitive). */
    sessions = new Map();
    /** Every authenticated session ever, in order. */
    history = [];
    /** Auth frames received, in order (parsed JSON). */
    authFrames = [];
    /** Sent in every INIT_TRANSPORTS (PROTOCOL.md Appendix A by default). */
    routerCapabilities = ROUTER_CAPABILITIES;
    /** How many of the next WebSocket upgrades to refuse with HTTP 503 (server "down"). */
    refuseConnections = 0;
    refusedConnections = 0;
    /** How INIT_PRODUCER is answered: return `{message}` to answer, `undefined` to stay silent. */
    onInitProducer = (session, payload) => {
        const id = randomUUID();
        session.producers.set(payload.type, { id, kind: payload.kind, rtpParameters: payload.rtpParameters, paused: false });
        for (const other of this.sessions.values()) {
            if (other !== session && other.state === "connected") {
                other.consume(session, payload.type).catch(() => undefined);
            }
        }
        return { message: { id } };
    };
    #wss;
    #key;
    #channelSize;
    #webRtc;
    #waiters = new Waiters();

    static async start({ key, channelSize = 100, webRtc = true, producerOptionsByKind = PRODUCER_OPTIONS_BY_KIND } = {}) {
        const server = new FakeSfuServer(key, channelSize, webRtc, producerOptionsByKind);
        await new Promise((resolve) => server.#wss.once("listening", resolve));
        return server;
    }

    constructor(key, channelSize, webRtc, producerOptionsByKind) {
        this.#key = key;
        this.#channelSize = channelSize;
        this.#webRtc = webRtc;
        this.producerOptionsByKind = producerOptionsByKind;
        this.#wss = new WebSocketServer({
            host: "127.0.0.1",
            port: 0,
            verifyClient: (_info, accept) => {
                if (this.refuseConnections > 0) {
                    this.refuseConnections--;
                    this.refusedConnections++;
                    accept(false, 503);
                    return;
                }
                accept(true);
            },
        });
        this.#wss.on("connection", (socket) => this.#onConnection(socket));
    }

    /** An http URL on purpose: the client must turn it into a ws URL itself. */
    get url() {
        return `http://127.0.0.1:${this.#wss.address().port}`;
    }

    /** Resolves with the n-th (0-based) authenticated session once it reached `state`. */
    session(index, state = "connected") {
        return this.#waiters.until(
            () => this.history[index]?.state === state && this.history[index],
            `session #${index} to be ${state}`,
        );
    }

    async stop() {
        for (const socket of this.#wss.clients) {
            socket.terminate();
        }
        await new Promise((resolve) => this.#wss.close(resolve));
    }

    #onConnection(socket) {
        socket.once("message", (data) => this.#authenticate(socket, String(data)));
    }

    /** PROTOCOL.md §3.2, decision table. */
    #authenticate(socket, frame) {
        let credentials;
        try {
            credentials = JSON.parse(frame);
        } catch {
            socket.close(CLOSE.ERROR);
            return;
        }
        if (credentials === null) {
            socket.close(CLOSE.ERROR);
            return;
        }
        this.authFrames.push(credentials);
        const claims = verifyHs256(credentials.jwt || credentials, this.#key);
        const channelUUID = credentials.channelUUID || claims?.sfu_channel_uuid;
        if (!claims || channelUUID !== this.channelUUID || !claims.session_id) {
            socket.close(CLOSE.AUTH);
            return;
        }
        const sessionId = claims.session_id;
        socket.send("");
        if (this.sessions.size >= this.#channelSize && !this.sessions.has(sessionId)) {
            socket.close(CLOSE.FULL);
            return;
        }
        const previous = this.sessions.get(sessionId);
        if (previous) {
            previous.close(CLOSE.KICKED);
            this.onSessionClosed(previous);
        }
        const session = new FakeSession(this, socket, sessionId, channelUUID);
        this.sessions.set(sessionId, session);
        this.history.push(session);
        this.#waiters.signal();
        if (!this.#webRtc) {
            session.state = "connected";
            this.#waiters.signal();
            return;
        }
        session.initTransports().then(
            () => {
                this.#waiters.signal();
                for (const other of this.sessions.values()) {
                    for (const type of other === session ? [] : other.producers.keys()) {
                        session.consume(other, type).catch(() => undefined);
                    }
                }
            },
            () => session.close(CLOSE.ERROR),
        );
    }

    /** Answers a client request; undefined means no response. */
    answer(session, { name, payload } = {}) {
        switch (name) {
            case "CONNECT_CTS_TRANSPORT":
            case "CONNECT_STC_TRANSPORT":
                return session.connectTransport(name) ? Promise.resolve({}) : undefined;
            case "INIT_PRODUCER": {
                const answer = this.onInitProducer(session, payload);
                return answer ? Promise.resolve(answer) : undefined;
            }
            default:
                return undefined;
        }
    }

    /** Handles a client plain message (PROTOCOL.md §5.4). */
    relay(session, { name, payload } = {}) {
        switch (name) {
            case "BROADCAST":
                this.#toOthers(session, "BROADCAST", { senderId: session.sessionId, message: payload });
                return;
            case "C_INFO_CHANGE": {
                for (const [field, value] of Object.entries(payload.info ?? {})) {
                    session.info[field] = Boolean(value);
                }
                if (payload.needRefresh && this.sessions.size > 1) {
                    const all = {};
                    for (const other of this.sessions.values()) {
                        if (other !== session) {
                            all[other.sessionId] = other.info;
                        }
                    }
                    session.sendMessage("S_INFO_CHANGE", all);
                }
                this.#toOthers(session, "S_INFO_CHANGE", { [session.sessionId]: session.info });
                return;
            }
            default:
                return; // PRODUCTION_CHANGE, CONSUMPTION_CHANGE: recorded in session.frames
        }
    }

    onSessionClosed(session) {
        if (this.sessions.get(session.sessionId) !== session) {
            return;
        }
        this.sessions.delete(session.sessionId);
        this.#toOthers(session, "SESSION_LEAVE", { sessionId: session.sessionId });
        this.#waiters.signal();
    }

    #toOthers(session, name, payload) {
        for (const other of this.sessions.values()) {
            if (other !== session) {
                other.sendMessage(name, payload);
            }
        }
    }
}
