// The non-media checks of the fake-server tests, against a real SFU server:
//
//     SFU_URL=http://127.0.0.1:8070 SFU_AUTH_KEY=<base64 key> npm run test:server
//
// SFU_CHANNEL_SIZE (at most 20) enables the channel-full check, SFU_MEDIA=1 the checks that need the media plane.
// A check whose setting is missing is skipped, except on CI (the CI variable set), where it fails: CI must run them
// all (test.sh sets every one). Media is faked on the client side
// (mediasoup-client's FakeHandler), so no RTP flows: only the signalling is exercised.
// The messaging checks run in channels created without WebRTC, where a session is usable
// once authenticated, so that they do not depend on the media plane; the first check covers
// the WebRTC handshake (INIT_TRANSPORTS) on its own.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { afterEach, describe } from "node:test";

import { SFU_CLIENT_STATE, TestClient, fakeHandlerFactory, pause } from "./support/clients.mjs";
import { keyFromBase64, signHs256 } from "./support/jwt.mjs";
import { itNeeds } from "./support/requirements.mjs";

const { SFU_URL, SFU_AUTH_KEY, SFU_CHANNEL_SIZE, SFU_MEDIA } = process.env;
const key = SFU_AUTH_KEY ? keyFromBase64(SFU_AUTH_KEY) : undefined;
const baseUrl = SFU_URL?.replace(/\/+$/, "");
const channelSize = Number(SFU_CHANNEL_SIZE);

/** What each check needs, as node:test skip reasons (undefined when present). */
const SERVER = baseUrl && key ? undefined : "set SFU_URL and SFU_AUTH_KEY to run these checks against a real SFU server";
const MEDIA = SFU_MEDIA
    ? undefined
    : "needs the server's media plane; set SFU_MEDIA=1 against a server that sends INIT_TRANSPORTS";
const CHANNEL_SIZE =
    channelSize > 0 && channelSize <= 20 ? undefined : "set SFU_CHANNEL_SIZE (1–20) to the server's CHANNEL_SIZE to run this check";

let clients = [];
afterEach(() => {
    for (const client of clients) {
        client.sfu.disconnect();
    }
    clients = [];
});

const now = () => Math.floor(Date.now() / 1000);

/** A fresh channel: a new issuer each time, so the server cannot hand back an existing one. */
async function createChannel({ webRTC = false } = {}) {
    const token = signHs256({ iss: `http://sfu-client-tests/${randomUUID()}`, iat: now() }, key);
    const response = await fetch(`${baseUrl}/v1/channel?webRTC=${webRTC}`, {
        headers: { Authorization: `jwt ${token}` },
    });
    assert.equal(response.status, 200, `GET /v1/channel answered ${response.status}`);
    const { uuid } = await response.json();
    assert.equal(typeof uuid, "string");
    return uuid;
}

function sessionToken(channelUUID, sessionId, signingKey = key) {
    return signHs256({ sfu_channel_uuid: channelUUID, session_id: sessionId, iat: now() }, signingKey);
}

async function join(channelUUID, sessionId, { until = "authenticated" } = {}) {
    const client = new TestClient();
    clients.push(client);
    await client.sfu.connect(baseUrl, sessionToken(channelUUID, sessionId), { channelUUID });
    await client.reached(until);
    return client;
}

describe("SfuClient against a real server", () => {
    itNeeds([SERVER, MEDIA], "goes connecting → authenticated → connected in a WebRTC channel", async () => {
        const channel = await createChannel({ webRTC: true });
        const client = await join(channel, 1, { until: "connected" });
        assert.deepEqual(client.stateNames, ["connecting", "authenticated", "connected"]);
        const stats = await client.sfu.getStats();
        assert.ok("uploadStats" in stats && "downloadStats" in stats);
    });

    itNeeds([SERVER, MEDIA], "reconnects after the server closes with 1011 because INIT_TRANSPORTS was not answered in time", async () => {
        // The first device load outlasts the server's 5 s INIT_TRANSPORTS timeout: the server closes with 1011.
        const base = fakeHandlerFactory();
        let firstLoad = true;
        const slowFirstLoad = {
            ...base,
            async getNativeRtpCapabilities(options) {
                if (firstLoad) {
                    firstLoad = false;
                    await pause(5_500);
                }
                return base.getNativeRtpCapabilities(options);
            },
        };
        const channel = await createChannel({ webRTC: true });
        const client = new TestClient({ handlerFactory: slowFirstLoad });
        clients.push(client);
        await client.sfu.connect(baseUrl, sessionToken(channel, 1), { channelUUID: channel });
        await client.reached("recovering");
        assert.equal(client.closeCodes[0], 1011, `the server closed the first socket with ${client.closeCodes[0]}, not 1011`);
        await client.reached("connected");
        assert.deepEqual(client.stateNames.slice(0, 3), ["connecting", "authenticated", "recovering"]);
        assert.equal(client.stateNames.at(-1), "connected");
    });

    itNeeds([SERVER], "stays authenticated in a channel without WebRTC, receiving no INIT_TRANSPORTS", async () => {
        const channel = await createChannel();
        const alice = await join(channel, 1);
        const bob = await join(channel, 2);
        alice.sfu.broadcast("no media here");
        assert.deepEqual(await bob.update("broadcast"), { senderId: 1, message: "no media here" });
        assert.deepEqual(alice.stateNames, ["connecting", "authenticated"]);
    });

    itNeeds([SERVER], "delivers broadcasts to the others with the sender id, in the order they were sent", async () => {
        const channel = await createChannel();
        const alice = await join(channel, 1);
        const bob = await join(channel, "bob");
        for (let i = 0; i < 5; i++) {
            alice.sfu.broadcast({ sequence: i });
        }
        await bob.until(() => bob.updates.filter(({ name }) => name === "broadcast").length === 5, "5 broadcasts");
        const received = bob.updates.filter(({ name }) => name === "broadcast").map(({ payload }) => payload);
        assert.deepEqual(received, [0, 1, 2, 3, 4].map((sequence) => ({ senderId: 1, message: { sequence } })));
        await pause(100);
        assert.equal(alice.updates.some(({ name }) => name === "broadcast"), false);
    });

    itNeeds([SERVER], "emits info_change for the other sessions, and everyone's info on needRefresh", async () => {
        const channel = await createChannel();
        const alice = await join(channel, 1);
        const bob = await join(channel, 2);
        alice.sfu.updateInfo({ isTalking: true, isSelfMuted: false });
        assert.deepEqual(await bob.update("info_change", (payload) => "1" in payload), {
            1: { isTalking: true, isSelfMuted: false },
        });
        bob.sfu.updateInfo({ isRaisingHand: true }, { needRefresh: true });
        const refreshed = await bob.update("info_change", (payload) => payload["1"]?.isTalking === true && !("2" in payload));
        assert.deepEqual(refreshed["1"], { isTalking: true, isSelfMuted: false });
        assert.deepEqual(await alice.update("info_change", (payload) => "2" in payload), { 2: { isRaisingHand: true } });
    });

    itNeeds([SERVER], "emits disconnect when another session leaves", async () => {
        const channel = await createChannel();
        const alice = await join(channel, 1);
        const bob = await join(channel, 2);
        alice.sfu.disconnect();
        assert.deepEqual(await bob.update("disconnect"), { sessionId: 1 });
    });

    itNeeds([SERVER], "is replaced by a new connection with the same session id and closed for good (4108)", async () => {
        const channel = await createChannel();
        const watcher = await join(channel, 9);
        const first = await join(channel, 1);
        const second = await join(channel, 1);
        const closed = await first.reached("closed");
        assert.equal(closed.cause, undefined);
        assert.deepEqual(first.closeCodes, [4108]);
        assert.deepEqual(await watcher.update("disconnect"), { sessionId: 1 });
        assert.equal(second.sfu.state, SFU_CLIENT_STATE.AUTHENTICATED);
        await pause(3_000);
        assert.equal(first.sfu.state, SFU_CLIENT_STATE.CLOSED);
    });

    itNeeds([SERVER], "is closed without retrying when its token is signed with another key (4106)", async () => {
        const channel = await createChannel();
        const client = new TestClient();
        clients.push(client);
        const forged = sessionToken(channel, 1, Buffer.from("not the server key"));
        await client.sfu.connect(baseUrl, forged, { channelUUID: channel });
        const closed = await client.reached("closed");
        assert.equal(closed.cause, undefined);
        assert.deepEqual(client.closeCodes, [4106]);
        assert.deepEqual(client.stateNames, ["connecting", "closed"]);
    });

    itNeeds([SERVER], "is closed without retrying when kicked through POST /v1/disconnect (4108)", async () => {
        const channel = await createChannel();
        const client = await join(channel, 1);
        const body = signHs256({ sessionIdsByChannel: { [channel]: [1] }, iat: now() }, key);
        const response = await fetch(`${baseUrl}/v1/disconnect`, { method: "POST", body });
        assert.equal(response.ok, true, `POST /v1/disconnect answered ${response.status}`);
        await client.reached("closed");
        assert.deepEqual(client.closeCodes, [4108]);
        await pause(3_000);
        assert.equal(client.sfu.state, SFU_CLIENT_STATE.CLOSED);
        assert.equal(client.stateNames.filter((state) => state === "connecting").length, 1);
    });

    itNeeds([SERVER, CHANNEL_SIZE], "is closed with cause \"full\" when the channel already holds CHANNEL_SIZE sessions (4109)", async () => {
        const size = channelSize;
        const channel = await createChannel();
        for (let sessionId = 1; sessionId <= size; sessionId++) {
            await join(channel, sessionId);
        }
        const extra = new TestClient();
        clients.push(extra);
        await extra.sfu.connect(baseUrl, sessionToken(channel, size + 1), { channelUUID: channel });
        assert.deepEqual(await extra.reached("closed"), { state: "closed", cause: "full" });
        assert.deepEqual(extra.closeCodes, [4109]);
        assert.deepEqual(extra.stateNames, ["connecting", "authenticated", "closed"]);
    });
});
