// Per-test plumbing: a fake server with a fresh key, tokens for it, and clean-up of every
// client and server a test created.
import { randomBytes } from "node:crypto";

import { FakeSfuServer } from "./fakeSfuServer.mjs";
import { TestClient } from "./clients.mjs";
import { signHs256 } from "./jwt.mjs";

/** Delays short enough for tests that wait for a retry on purpose. */
export const QUICK_TIMINGS = { reconnectInitialDelay: 10, reconnectJitter: 0, producerRecoveryDelay: 20 };

export class Scenario {
    key = randomBytes(32);
    clients = [];
    servers = [];

    async server(options = {}) {
        const server = await FakeSfuServer.start({ key: this.key, ...options });
        this.servers.push(server);
        return server;
    }

    token(server, sessionId, claims = {}) {
        return signHs256(
            { sfu_channel_uuid: server.channelUUID, session_id: sessionId, iat: Math.floor(Date.now() / 1000), ...claims },
            this.key,
        );
    }

    client(options) {
        const client = new TestClient(options);
        this.clients.push(client);
        return client;
    }

    /** A client connected (state "connected") to `server` as `sessionId`. */
    async joined(server, sessionId, options) {
        const client = this.client(options);
        await client.sfu.connect(server.url, this.token(server, sessionId), { channelUUID: server.channelUUID });
        await client.reached("connected");
        const session = await server.session(server.history.findLastIndex((s) => s.sessionId === sessionId));
        return { client, session };
    }

    async end() {
        for (const { sfu } of this.clients) {
            sfu.disconnect();
        }
        await Promise.all(this.servers.map((server) => server.stop()));
    }
}
