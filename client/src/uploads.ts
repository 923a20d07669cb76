import type { MediaKind, Producer, ProducerOptions, Transport } from "mediasoup-client/types";

import type { StreamType } from "./types";

/** What the uploads need from the connection that owns them. */
export interface UploadHost {
    /** The upload transport of the current connection, once INIT_TRANSPORTS created it. */
    sendTransport(): Transport | undefined;
    /** The producer options the server gave for this kind (PROTOCOL.md §5.10). */
    producerOptions(kind: MediaKind): ProducerOptions;
    /** Tells the server that the stream of `type` is on or off (PRODUCTION_CHANGE). */
    announceProduction(type: StreamType, active: boolean): void;
    /** Counts a failed production; false when the connection is being restarted instead. */
    shouldRetryAfter(error: unknown): boolean;
    report(error: unknown): void;
}

/**
 * The producers of one client: one per stream type, created on the first upload of that type,
 * retried after a failure (PROTOCOL.md §4.4), and released with the connection.
 */
export class Uploads {
    private readonly _host: UploadHost;
    private readonly _recoveryDelay: number;
    private readonly _producers = new Map<StreamType, Producer>();
    /** Tracks asked for before the upload transport existed; produced once it does. */
    private readonly _pending = new Map<StreamType, MediaStreamTrack>();
    private readonly _recoveries = new Map<StreamType, ReturnType<typeof setTimeout>>();
    /** One chain per stream type, so that two concurrent updates never produce twice. */
    private readonly _chains = new Map<StreamType, Promise<void>>();

    constructor(host: UploadHost, recoveryDelay: number) {
        this._host = host;
        this._recoveryDelay = recoveryDelay;
    }

    get producers(): ReadonlyMap<StreamType, Producer> {
        return this._producers;
    }

    /** Uploads, replaces or (without a track) switches off the stream of `type`, in call order. */
    update(type: StreamType, track: MediaStreamTrack | undefined): Promise<void> {
        const previous = this._chains.get(type) ?? Promise.resolve();
        const next = previous.catch(() => undefined).then(() => this._apply(type, track));
        this._chains.set(type, next);
        return next;
    }

    /** Produces what was asked for before the upload transport existed. */
    producePending(): void {
        for (const [type, track] of [...this._pending]) {
            this.update(type, track).catch((error) => this._host.report(error));
        }
    }

    /** Closes every producer and forgets pending uploads and retries (connection ended). */
    clear(): void {
        for (const timer of this._recoveries.values()) {
            clearTimeout(timer);
        }
        this._recoveries.clear();
        this._pending.clear();
        for (const producer of this._producers.values()) {
            producer.close();
        }
        this._producers.clear();
    }

    private async _apply(type: StreamType, track: MediaStreamTrack | undefined): Promise<void> {
        this._cancelRecovery(type);
        const producer = this._producers.get(type);
        if (producer) {
            if (track) {
                await producer.replaceTrack({ track });
            }
            this._host.announceProduction(type, Boolean(track));
            return;
        }
        if (!track) {
            this._pending.delete(type);
            return;
        }
        const transport = this._host.sendTransport();
        if (!transport) {
            this._pending.set(type, track);
            return;
        }
        this._pending.delete(type);
        let created: Producer;
        try {
            created = await transport.produce({
                ...this._host.producerOptions(track.kind as MediaKind),
                track,
                appData: { type },
            });
        } catch (error) {
            if (transport === this._host.sendTransport()) {
                this._onFailure(type, track, error);
            }
            return;
        }
        if (transport !== this._host.sendTransport()) {
            created.close(); // the connection was replaced while the server answered
            return;
        }
        this._producers.set(type, created);
    }

    private _onFailure(type: StreamType, track: MediaStreamTrack, error: unknown): void {
        if (!this._host.shouldRetryAfter(error)) {
            return;
        }
        const timer = setTimeout(() => {
            this._recoveries.delete(type);
            this.update(type, track).catch((retryError) => this._host.report(retryError));
        }, this._recoveryDelay);
        this._recoveries.set(type, timer);
    }

    private _cancelRecovery(type: StreamType): void {
        clearTimeout(this._recoveries.get(type));
        this._recoveries.delete(type);
    }
}
