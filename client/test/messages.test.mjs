import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { FakeMediaStreamTrack } from "fake-mediastreamtrack";

import { Scenario } from "./support/scenario.mjs";

let scenario;
beforeEach(() => {
    scenario = new Scenario();
});
afterEach(() => scenario.end());

/** The plain (non-request, non-response) payloads of a frame. */
const messagesOf = (frame) => frame.filter((payload) => !payload.responseTo && !payload.needResponse);

describe("SfuClient messages", () => {
    it("relays broadcast() to the other sessions as a broadcast update with the sender id", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, "bob");
        alice.client.sfu.broadcast({ reaction: "👍", at: [1, 2] });
        const received = await bob.client.update("broadcast");
        assert.deepEqual(received, { senderId: 1, message: { reaction: "👍", at: [1, 2] } });
        const sent = await alice.session.nextMessage("BROADCAST");
        assert.deepEqual(sent, { message: { name: "BROADCAST", payload: { reaction: "👍", at: [1, 2] } } });
        assert.equal(alice.client.updates.some(({ name }) => name === "broadcast"), false);
    });

    it("sends C_INFO_CHANGE, without needRefresh unless asked, and emits info_change on the others", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, 2);
        alice.client.sfu.updateInfo({ isTalking: true, isSelfMuted: false });
        const { message } = await alice.session.nextMessage("C_INFO_CHANGE");
        assert.deepEqual(message, { name: "C_INFO_CHANGE", payload: { info: { isTalking: true, isSelfMuted: false } } });
        assert.deepEqual(await bob.client.update("info_change"), { 1: { isTalking: true, isSelfMuted: false } });

        bob.client.sfu.updateInfo({ isRaisingHand: true }, { needRefresh: true });
        const refresh = await bob.session.nextMessage("C_INFO_CHANGE");
        assert.equal(refresh.message.payload.needRefresh, true);
        const everyone = await bob.client.update("info_change", (payload) => "1" in payload);
        assert.deepEqual(everyone, { 1: { isTalking: true, isSelfMuted: false } });
        assert.deepEqual(await alice.client.update("info_change"), { 2: { isRaisingHand: true } });
    });

    it("sends the first plain message at once and gathers those of the next 200 ms into one frame", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1);
        client.sfu.broadcast("first");
        client.sfu.broadcast("second");
        client.sfu.updateInfo({ isTalking: true });
        client.sfu.broadcast("third");
        const frames = await session.until(() => {
            const withMessages = session.frames.map(messagesOf).filter((frame) => frame.length > 0);
            return withMessages.length >= 2 && withMessages;
        }, "two frames of messages");
        assert.deepEqual(
            frames.map((frame) => frame.map(({ message }) => message.payload)),
            [["first"], ["second", { info: { isTalking: true } }, "third"]],
        );
    });

    it("emits disconnect and ends the tracks of a session that left", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, 2);
        await alice.client.sfu.updateUpload("camera", new FakeMediaStreamTrack({ kind: "video" }));
        const { track, sessionId, type, active } = await bob.client.update("track");
        assert.deepEqual({ sessionId, type, active, readyState: track.readyState }, {
            sessionId: 1, type: "camera", active: true, readyState: "live",
        });
        alice.client.sfu.disconnect();
        assert.deepEqual(await bob.client.update("disconnect"), { sessionId: 1 });
        assert.equal(track.readyState, "ended");
    });

    it("keeps session ids of different JSON types apart", async () => {
        const server = await scenario.server();
        const numeric = await scenario.joined(server, 5);
        const textual = await scenario.joined(server, "5");
        const watcher = await scenario.joined(server, 9);
        await numeric.client.sfu.updateUpload("audio", new FakeMediaStreamTrack({ kind: "audio" }));
        await textual.client.sfu.updateUpload("audio", new FakeMediaStreamTrack({ kind: "audio" }));
        const numericTrack = (await watcher.client.update("track", (payload) => payload.sessionId === 5)).track;
        const textualTrack = (await watcher.client.update("track", (payload) => payload.sessionId === "5")).track;
        textual.client.sfu.disconnect();
        await watcher.client.update("disconnect");
        assert.equal(textualTrack.readyState, "ended");
        assert.equal(numericTrack.readyState, "live");
    });

    it("pauses a download locally and tells the server, but only when something changes", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, 2);
        await alice.client.sfu.updateUpload("camera", new FakeMediaStreamTrack({ kind: "video" }));
        const { track } = await bob.client.update("track");

        bob.client.sfu.updateDownload(1, { camera: false, screen: true });
        const change = await bob.session.nextMessage("CONSUMPTION_CHANGE");
        assert.deepEqual(change.message.payload, { sessionId: 1, states: { camera: false, screen: true } });
        assert.equal(track.enabled, false);

        bob.client.sfu.updateDownload(1, { camera: false });
        bob.client.sfu.updateDownload(404, { camera: true });
        bob.client.sfu.broadcast("marker");
        await bob.session.nextMessage("BROADCAST");
        const changes = bob.session.payloads.filter(({ message }) => message?.name === "CONSUMPTION_CHANGE");
        assert.equal(changes.length, 1);

        bob.client.sfu.updateDownload(1, { camera: true });
        await bob.session.nextMessage("CONSUMPTION_CHANGE", (payload) => payload.states.camera === true);
        assert.equal(track.enabled, true);
    });
});
