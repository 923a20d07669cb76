import type { Consumer } from "mediasoup-client/types";

import type { SessionId } from "./types";

/**
 * The consumers of one connection, by remote session and stream type. Session ids keep their
 * JSON type as Map keys, so session 5 and session "5" stay apart (PROTOCOL.md §0.3).
 */
export class ConsumerBook {
    private readonly _bySession = new Map<SessionId, Map<string, Consumer>>();

    typesOf(sessionId: SessionId): ReadonlyMap<string, Consumer> | undefined {
        return this._bySession.get(sessionId);
    }

    /** Stores a consumer, closing the one it replaces (a new producer behind the same slot). */
    store(sessionId: SessionId, type: string, consumer: Consumer): void {
        let types = this._bySession.get(sessionId);
        if (!types) {
            types = new Map();
            this._bySession.set(sessionId, types);
        }
        const previous = types.get(type);
        if (previous && previous !== consumer) {
            previous.close();
        }
        types.set(type, consumer);
    }

    close(sessionId: SessionId, type: string): void {
        const types = this._bySession.get(sessionId);
        types?.get(type)?.close();
        types?.delete(type);
    }

    closeSession(sessionId: SessionId): void {
        const types = this._bySession.get(sessionId);
        if (!types) {
            return;
        }
        for (const consumer of types.values()) {
            consumer.close();
        }
        this._bySession.delete(sessionId);
    }

    closeAll(): void {
        for (const sessionId of [...this._bySession.keys()]) {
            this.closeSession(sessionId);
        }
    }
}
