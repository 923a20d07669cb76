import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { CLOSE, ROUTER_CAPABILITIES } from "./support/fakeSfuServer.mjs";
import { SFU_CLIENT_STATE, pause, recordingHandlerFactory } from "./support/clients.mjs";
import { QUICK_TIMINGS, Scenario } from "./support/scenario.mjs";

let scenario;
beforeEach(() => {
    scenario = new Scenario();
});
afterEach(() => scenario.end());

describe("SfuClient connection", () => {
    it("goes connecting → authenticated → connected, sending its credentials as the first frame", async () => {
        const server = await scenario.server();
        const client = scenario.client();
        const token = scenario.token(server, 7);
        await client.sfu.connect(server.url, token, { channelUUID: server.channelUUID });
        await client.reached("connected");
        assert.deepEqual(client.stateNames, ["connecting", "authenticated", "connected"]);
        assert.equal(client.sfu.state, SFU_CLIENT_STATE.CONNECTED);
        assert.deepEqual(server.authFrames, [{ channelUUID: server.channelUUID, jwt: token }]);
    });

    it("answers INIT_TRANSPORTS, in a frame of its own, with receive capabilities in router payload types", async () => {
        const server = await scenario.server();
        const { session } = await scenario.joined(server, 7);
        const [firstFrame] = session.frames;
        assert.equal(firstFrame.length, 1);
        assert.match(firstFrame[0].responseTo, /^s_\d+_0$/);
        const { codecs, headerExtensions } = session.capabilities;
        const routerPayloadTypes = new Set(ROUTER_CAPABILITIES.codecs.map((codec) => codec.preferredPayloadType));
        assert.ok(codecs.length > 0);
        for (const codec of codecs) {
            assert.ok(routerPayloadTypes.has(codec.preferredPayloadType), `${codec.mimeType} ${codec.preferredPayloadType}`);
        }
        assert.ok(codecs.some((codec) => codec.mimeType === "audio/opus" && codec.preferredPayloadType === 100));
        assert.ok(codecs.some((codec) => codec.mimeType === "video/VP8" && codec.preferredPayloadType === 101));
        assert.ok(Array.isArray(headerExtensions));
    });

    it("hands the iceServers given to connect() to both transports", async () => {
        const server = await scenario.server();
        const created = [];
        const client = scenario.client({ handlerFactory: recordingHandlerFactory([], created) });
        const iceServers = [{ urls: "turn:127.0.0.1:3478", username: "user", credential: "secret" }];
        await client.sfu.connect(server.url, scenario.token(server, 7), { channelUUID: server.channelUUID, iceServers });
        await client.reached("connected");
        assert.deepEqual(created, [
            { direction: "recv", iceServers },
            { direction: "send", iceServers },
        ]);
    });

    it("loads the device once and keeps its capabilities across reconnections", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
        server.routerCapabilities = {
            codecs: ROUTER_CAPABILITIES.codecs.filter((codec) => codec.kind === "audio"),
            headerExtensions: [],
        };
        session.close(CLOSE.ERROR);
        const again = await server.session(1);
        await client.reached("connected", { after: 3 });
        assert.deepEqual(again.capabilities, session.capabilities);
        assert.ok(again.capabilities.codecs.some((codec) => codec.kind === "video"));
    });

    it("joins through the token's sfu_channel_uuid claim when no channelUUID is given", async () => {
        const server = await scenario.server();
        const client = scenario.client();
        await client.sfu.connect(server.url, scenario.token(server, "abc"));
        await client.reached("connected");
        assert.equal(Object.hasOwn(server.authFrames[0], "channelUUID"), false);
        const session = await server.session(0);
        assert.equal(session.sessionId, "abc");
    });

    it("stays authenticated in a channel without WebRTC, where messages still flow", async () => {
        const server = await scenario.server({ webRtc: false });
        const client = scenario.client();
        await client.sfu.connect(server.url, scenario.token(server, 1), { channelUUID: server.channelUUID });
        await client.reached("authenticated");
        const session = await server.session(0);
        client.sfu.broadcast("hello");
        await session.nextMessage("BROADCAST");
        assert.deepEqual(client.stateNames, ["connecting", "authenticated"]);
    });

    it("answers PING with an empty response", async () => {
        const server = await scenario.server();
        const { session } = await scenario.joined(server, 7);
        const response = await session.request("PING");
        assert.deepEqual(Object.keys(response), ["responseTo"]);
        const raw = session.frames.find((frame) => frame.some((payload) => payload.responseTo === response.responseTo));
        assert.deepEqual(raw, [{ responseTo: response.responseTo }]);
    });

    it("closes with cause \"full\" and does not retry when the channel refuses it with 4109", async () => {
        const server = await scenario.server({ channelSize: 1 });
        await scenario.joined(server, 1);
        const client = scenario.client({ timings: QUICK_TIMINGS });
        await client.sfu.connect(server.url, scenario.token(server, 2), { channelUUID: server.channelUUID });
        const closed = await client.reached("closed");
        assert.deepEqual(closed, { state: "closed", cause: "full" });
        assert.deepEqual(client.stateNames, ["connecting", "authenticated", "closed"]);
        await pause(200);
        assert.equal(server.authFrames.length, 2);
        assert.equal(client.sfu.state, SFU_CLIENT_STATE.CLOSED);
    });

    it("closes without retrying when authentication fails with 4106", async () => {
        const server = await scenario.server();
        const client = scenario.client({ timings: QUICK_TIMINGS });
        const forged = `${scenario.token(server, 1).slice(0, -4)}AAAA`;
        await client.sfu.connect(server.url, forged, { channelUUID: server.channelUUID });
        const closed = await client.reached("closed");
        assert.equal(closed.cause, undefined);
        assert.deepEqual(client.stateNames, ["connecting", "closed"]);
        await pause(200);
        assert.equal(server.authFrames.length, 1);
    });

    it("closes without retrying when kicked with 4108", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
        session.close(CLOSE.KICKED);
        await client.reached("closed");
        await pause(200);
        assert.equal(server.authFrames.length, 1);
        assert.deepEqual(client.stateNames, ["connecting", "authenticated", "connected", "closed"]);
    });

    it("reconnects after 1011 with a new socket, the same token and the same channelUUID", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1);
        session.close(CLOSE.ERROR);
        await client.reached("recovering");
        const again = await server.session(1);
        await client.reached("connected", { after: 3 });
        assert.deepEqual(client.stateNames, [
            "connecting", "authenticated", "connected",
            "recovering", "connecting", "authenticated", "connected",
        ]);
        assert.notEqual(again, session);
        assert.equal(again.sessionId, 1);
        assert.deepEqual(server.authFrames[1], server.authFrames[0]);
        assert.deepEqual(server.authFrames[1].channelUUID, server.channelUUID);
    });

    for (const [label, end] of [
        ["1000", (session) => session.close(CLOSE.CLEAN)],
        ["4107", (session) => session.close(CLOSE.TIMEOUT)],
        ["an abnormal closure", (session) => session.terminate()],
    ]) {
        it(`reconnects after ${label}`, async () => {
            const server = await scenario.server();
            const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
            end(session);
            await client.reached("recovering");
            await server.session(1);
            await client.reached("connected", { after: 3 });
        });
    }

    it("keeps retrying while the server is unreachable and connects once it is back", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
        server.refuseConnections = 2;
        session.close(CLOSE.ERROR);
        await server.session(1);
        await client.reached("connected", { after: 3 });
        assert.equal(server.refusedConnections, 2);
        const recovering = client.stateNames.filter((state) => state === "recovering").length;
        assert.equal(recovering, 3);
    });

    it("disconnect() closes the socket with 1000 and never reconnects", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
        client.sfu.disconnect();
        assert.equal(client.sfu.state, SFU_CLIENT_STATE.DISCONNECTED);
        assert.deepEqual(await session.closed(), { code: CLOSE.CLEAN });
        await pause(200);
        assert.equal(server.authFrames.length, 1);
        assert.equal(client.stateNames.at(-1), "disconnected");
    });

    it("connect() while connected closes the current socket with 1000 and starts over", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
        await client.sfu.connect(server.url, scenario.token(server, 1), { channelUUID: server.channelUUID });
        assert.deepEqual(await session.closed(), { code: CLOSE.CLEAN });
        await server.session(1);
        await client.reached("connected", { after: 3 });
        assert.deepEqual(client.stateNames.slice(3), ["connecting", "authenticated", "connected"]);
    });

    it("disconnect() while recovering cancels the pending reconnection", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, {
            timings: { reconnectInitialDelay: 100, reconnectJitter: 0 },
        });
        session.close(CLOSE.ERROR);
        await client.reached("recovering");
        client.sfu.disconnect();
        await pause(400);
        assert.equal(server.authFrames.length, 1);
        assert.equal(client.sfu.state, SFU_CLIENT_STATE.DISCONNECTED);
    });
});
