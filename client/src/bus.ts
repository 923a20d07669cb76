import type { BusMessage, BusPayload } from "./protocol";
import type { WebSocketLike } from "./types";

const SOCKET_OPEN = 1;

export interface BusOptions {
    /** Gathering window of batched sends, in ms (PROTOCOL.md §4.3: 200 on the client). */
    batchDelay: number;
    /** Default time a request waits for its response, in ms (PROTOCOL.md §4.4: 5000). */
    requestTimeout: number;
}

export interface SendOptions {
    batch?: boolean;
}

export interface RequestOptions extends SendOptions {
    timeout?: number;
}

interface PendingRequest {
    resolve: (result: unknown) => void;
    reject: (error: Error) => void;
    timer: ReturnType<typeof setTimeout>;
}

/**
 * Requests, responses and plain messages over one authenticated WebSocket (PROTOCOL.md §4).
 *
 * A bus lives exactly as long as its socket: the client makes a new one for every connection,
 * which is also what makes request ids unique (`c_<bus number>_<request number>`, §4.2).
 */
export class Bus {
    private static _created = 0;

    /** Called with every plain message (payloads that are neither requests nor responses). */
    onMessage?: (message: BusMessage) => void;
    /** Called with every request; its result (awaited) is sent back as the response. */
    onRequest?: (message: BusMessage) => unknown;
    /** Called when a handler fails; a failed request gets no response at all (§4.1). */
    onError?: (error: unknown) => void;

    readonly id: number;
    private readonly _socket: WebSocketLike;
    private readonly _options: BusOptions;
    private readonly _pending = new Map<string, PendingRequest>();
    private _requestCount = 0;
    private _queue: BusPayload[] = [];
    private _window?: ReturnType<typeof setTimeout>;
    private _closed = false;

    constructor(socket: WebSocketLike, options: BusOptions) {
        this.id = Bus._created++;
        this._socket = socket;
        this._options = options;
        this._onFrame = this._onFrame.bind(this);
        this.close = this.close.bind(this);
        socket.addEventListener("message", this._onFrame);
        socket.addEventListener("close", this.close);
    }

    get closed(): boolean {
        return this._closed;
    }

    send(message: BusMessage, { batch = false }: SendOptions = {}): void {
        this._post({ message }, batch);
    }

    request(message: BusMessage, { batch = false, timeout }: RequestOptions = {}): Promise<unknown> {
        if (this._closed) {
            return Promise.reject(new Error(`bus closed, ${message.name} not sent`));
        }
        const requestId = `c_${this.id}_${this._requestCount++}`;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this._pending.delete(requestId);
                reject(new Error(`${message.name} (${requestId}) timed out`));
            }, timeout ?? this._options.requestTimeout);
            this._pending.set(requestId, { resolve, reject, timer });
            this._post({ message, needResponse: requestId }, batch);
        });
    }

    /** Stops all traffic and rejects the pending requests (also done when the socket closes). */
    close(): void {
        if (this._closed) {
            return;
        }
        this._closed = true;
        clearTimeout(this._window);
        this._window = undefined;
        this._queue = [];
        this._socket.removeEventListener("message", this._onFrame);
        this._socket.removeEventListener("close", this.close);
        for (const [requestId, { reject, timer }] of this._pending) {
            clearTimeout(timer);
            reject(new Error(`bus closed before ${requestId} was answered`));
        }
        this._pending.clear();
        this.onMessage = undefined;
        this.onRequest = undefined;
    }

    /**
     * Leading-edge batching (PROTOCOL.md §4.3): with no window open the payload leaves at once
     * and a window opens; payloads posted during the window leave together when it ends, and
     * that flush opens the next window, so the socket sees at most one batch per window.
     */
    private _post(payload: BusPayload, batch: boolean): void {
        if (this._closed) {
            return;
        }
        if (!batch) {
            this._write([payload]);
            return;
        }
        if (this._window !== undefined) {
            this._queue.push(payload);
            return;
        }
        this._write([payload]);
        this._openWindow();
    }

    private _openWindow(): void {
        this._window = setTimeout(() => {
            this._window = undefined;
            if (this._queue.length === 0) {
                return;
            }
            const batch = this._queue;
            this._queue = [];
            this._write(batch);
            this._openWindow();
        }, this._options.batchDelay);
    }

    private _write(payloads: BusPayload[]): void {
        if (this._socket.readyState !== SOCKET_OPEN) {
            return;
        }
        this._socket.send(JSON.stringify(payloads));
    }

    private _onFrame(event: { data?: unknown }): void {
        const payloads = parseFrame(event.data);
        if (!payloads) {
            this.onError?.(new Error("ignored a server frame that is not a JSON array"));
            return;
        }
        for (const payload of payloads) {
            if (this._closed) {
                return;
            }
            if (payload && typeof payload === "object") {
                this._dispatch(payload as BusPayload);
            }
        }
    }

    private _dispatch({ message, needResponse, responseTo }: BusPayload): void {
        if (responseTo) {
            const pending = this._pending.get(responseTo);
            if (pending) {
                this._pending.delete(responseTo);
                clearTimeout(pending.timer);
                pending.resolve(message);
            }
            return;
        }
        if (!isBusMessage(message)) {
            this.onError?.(new Error("ignored a server payload without a message name"));
            return;
        }
        if (needResponse) {
            void this._answer(needResponse, message);
            return;
        }
        try {
            this.onMessage?.(message);
        } catch (error) {
            this.onError?.(error);
        }
    }

    private async _answer(requestId: string, message: BusMessage): Promise<void> {
        let result: unknown;
        try {
            result = await this.onRequest?.(message);
        } catch (error) {
            this.onError?.(error);
            return;
        }
        // JSON.stringify drops `message` when the result is undefined, as the protocol wants.
        this._post({ message: result, responseTo: requestId }, false);
    }
}

function isBusMessage(message: unknown): message is BusMessage {
    return typeof message === "object" && message !== null && typeof (message as BusMessage).name === "string";
}

function parseFrame(data: unknown): unknown[] | undefined {
    let text: string;
    if (typeof data === "string") {
        text = data;
    } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        text = new TextDecoder().decode(data);
    } else {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(text);
        return Array.isArray(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}
