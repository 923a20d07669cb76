import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { FakeMediaStreamTrack } from "fake-mediastreamtrack";

import { PRODUCER_OPTIONS_BY_KIND } from "./support/fakeSfuServer.mjs";
import { recordingHandlerFactory } from "./support/clients.mjs";
import { QUICK_TIMINGS, Scenario } from "./support/scenario.mjs";

let scenario;
beforeEach(() => {
    scenario = new Scenario();
});
afterEach(() => scenario.end());

const video = () => new FakeMediaStreamTrack({ kind: "video" });
const audio = () => new FakeMediaStreamTrack({ kind: "audio" });
const named = (session, name) => session.payloads.filter(({ message }) => message?.name === name);

describe("SfuClient uploads", () => {
    it("connects the upload transport, then produces the camera with the server's simulcast encodings and codec options", async () => {
        const server = await scenario.server();
        const sent = [];
        const { client, session } = await scenario.joined(server, 1, { handlerFactory: recordingHandlerFactory(sent) });
        await client.sfu.updateUpload("camera", video());

        const [connect] = named(session, "CONNECT_CTS_TRANSPORT");
        const [produce] = named(session, "INIT_PRODUCER");
        assert.ok(session.payloads.indexOf(connect) < session.payloads.indexOf(produce));
        assert.match(connect.needResponse, /^c_\d+_\d+$/);
        assert.ok(connect.message.payload.dtlsParameters.fingerprints.length > 0);

        const { type, kind, rtpParameters } = produce.message.payload;
        assert.equal(type, "camera");
        assert.equal(kind, "video");
        const expected = PRODUCER_OPTIONS_BY_KIND.video;
        assert.deepEqual(
            rtpParameters.encodings.map(({ scaleResolutionDownBy, maxBitrate }) => ({ scaleResolutionDownBy, maxBitrate })),
            expected.encodings,
        );
        assert.deepEqual(sent[0].codecOptions, expected.codecOptions);
        assert.equal(rtpParameters.codecs[0].mimeType, "video/VP8");
    });

    it("produces audio with a single encoding and reports every producer in getStats()", async () => {
        const server = await scenario.server();
        const sent = [];
        const { client, session } = await scenario.joined(server, 1, { handlerFactory: recordingHandlerFactory(sent) });
        await client.sfu.updateUpload("audio", audio());
        await client.sfu.updateUpload("screen", video());
        const [audioProducer] = named(session, "INIT_PRODUCER");
        assert.equal(audioProducer.message.payload.kind, "audio");
        assert.equal(audioProducer.message.payload.rtpParameters.encodings.length, 1);
        assert.equal(sent[0].encodings, undefined);
        assert.equal(sent[1].encodings.length, 3);

        const stats = await client.sfu.getStats();
        assert.deepEqual(Object.keys(stats).sort(), ["audio", "downloadStats", "screen", "uploadStats"]);
        assert.equal(typeof stats.audio.get, "function");
    });

    it("replaces the track of an existing producer and switches it off with PRODUCTION_CHANGE", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1);
        await client.sfu.updateUpload("camera", video());
        await client.sfu.updateUpload("camera", video());
        await client.sfu.updateUpload("camera", undefined);
        await session.nextMessage("PRODUCTION_CHANGE", (payload) => payload.active === false);
        assert.equal(named(session, "INIT_PRODUCER").length, 1);
        assert.deepEqual(
            named(session, "PRODUCTION_CHANGE").map(({ message }) => message.payload),
            [{ type: "camera", active: true }, { type: "camera", active: false }],
        );
    });

    it("produces once even when two uploads of the same type are asked for at the same time", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1);
        await Promise.all([client.sfu.updateUpload("audio", audio()), client.sfu.updateUpload("audio", audio())]);
        assert.equal(named(session, "INIT_PRODUCER").length, 1);
    });

    it("rejects stream types other than audio, camera and screen", async () => {
        const server = await scenario.server();
        const { client } = await scenario.joined(server, 1);
        await assert.rejects(client.sfu.updateUpload("microphone", audio()), /Unsupported stream type/);
    });

    it("produces an upload asked for before the transports existed once they do", async () => {
        const server = await scenario.server();
        const client = scenario.client();
        client.sfu.addEventListener("stateChange", ({ detail }) => {
            if (detail.state === "authenticated") {
                void client.sfu.updateUpload("audio", audio());
            }
        });
        await client.sfu.connect(server.url, scenario.token(server, 1), { channelUUID: server.channelUUID });
        const session = await server.session(0);
        const produce = await session.nextMessage("INIT_PRODUCER");
        assert.equal(produce.message.payload.type, "audio");
        const capabilitiesAnswer = session.payloads.findIndex((payload) => payload.responseTo);
        assert.ok(capabilitiesAnswer < session.payloads.indexOf(produce));
    });

    it("retries producing after a failure and uses a new request", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1);
        const answerNormally = server.onInitProducer;
        server.onInitProducer = () => {
            server.onInitProducer = answerNormally;
            return { message: {} }; // no producer id: the client must treat it as a failure
        };
        await client.sfu.updateUpload("camera", video());
        await session.until(() => named(session, "INIT_PRODUCER").length === 2, "a second INIT_PRODUCER");
        const [first, second] = named(session, "INIT_PRODUCER");
        assert.notEqual(first.needResponse, second.needResponse);
        assert.equal(client.sfu.errors.length, 1);
        assert.match(client.sfu.errors[0].message, /producer id/);
    });

    it("restarts the whole connection after more than 6 failed productions", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
        server.onInitProducer = () => ({ message: {} });
        await client.sfu.updateUpload("camera", video());
        await client.reached("recovering");
        assert.equal(named(session, "INIT_PRODUCER").length, 7);
        assert.deepEqual(await session.closed(), { code: 1000 });
        await server.session(1);
        await client.reached("connected", { after: 3 });
        assert.deepEqual(client.sfu.errors, []);
    });

    it("uses a new bus, with new request ids, after a reconnection", async () => {
        const server = await scenario.server();
        const { client, session } = await scenario.joined(server, 1, { timings: QUICK_TIMINGS });
        await client.sfu.updateUpload("audio", audio());
        session.close(1011);
        const again = await server.session(1);
        await client.reached("connected", { after: 3 });
        await client.sfu.updateUpload("audio", audio());
        const busOf = (payload) => payload.needResponse.split("_")[1];
        const before = named(session, "INIT_PRODUCER")[0];
        const after = named(again, "INIT_PRODUCER")[0];
        assert.notEqual(busOf(after), busOf(before));
        assert.match(after.needResponse, /^c_\d+_\d+$/);
    });
});

describe("SfuClient downloads", () => {
    it("answers INIT_CONSUMER with an empty response and emits the track", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, 2);
        await alice.client.sfu.updateUpload("audio", audio());
        await alice.client.sfu.updateUpload("camera", video());
        const microphone = await bob.client.update("track", (payload) => payload.type === "audio");
        const camera = await bob.client.update("track", (payload) => payload.type === "camera");
        assert.equal(microphone.track.kind, "audio");
        assert.equal(camera.track.kind, "video");
        const responses = await bob.session.until(() => {
            const found = bob.session.payloads.filter((payload) => payload.responseTo && !payload.responseTo.endsWith("_0"));
            return found.length === 2 && found;
        }, "two INIT_CONSUMER responses");
        for (const response of responses) {
            assert.deepEqual(Object.keys(response), ["responseTo"]);
        }
        const stcConnects = named(bob.session, "CONNECT_STC_TRANSPORT");
        assert.equal(stcConnects.length, 1);
    });

    it("consumes the producers that existed before it joined", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        await alice.client.sfu.updateUpload("screen", video());
        const bob = await scenario.joined(server, 2);
        const screen = await bob.client.update("track");
        assert.deepEqual({ type: screen.type, sessionId: screen.sessionId }, { type: "screen", sessionId: 1 });
    });

    it("pauses a consumer announced as inactive", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, 2);
        await alice.client.sfu.updateUpload("camera", video());
        await bob.client.update("track");
        alice.session.producers.get("camera").paused = true;
        await bob.session.consume(alice.session, "camera");
        const paused = await bob.client.update("track", (payload) => payload.active === false);
        assert.equal(paused.track.enabled, false);
    });

    it("replaces the consumer of a type when INIT_CONSUMER comes again for it", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, 2);
        await alice.client.sfu.updateUpload("camera", video());
        const first = await bob.client.update("track");
        await bob.session.consume(alice.session, "camera");
        const second = await bob.client.update("track", (payload) => payload.track !== first.track);
        assert.equal(first.track.readyState, "ended");
        assert.equal(second.track.readyState, "live");
    });

    it("sends no response when it cannot consume, and keeps working", async () => {
        const server = await scenario.server();
        const alice = await scenario.joined(server, 1);
        const bob = await scenario.joined(server, 2);
        const request = bob.session.request("INIT_CONSUMER", {
            id: "consumer-x", kind: "video", producerId: "producer-x", sessionId: 1, active: true, type: "camera",
            rtpParameters: { codecs: [{ mimeType: "video/VP8", payloadType: 77, clockRate: 90000 }], encodings: [{ ssrc: 1 }] },
        });
        alice.client.sfu.broadcast("after");
        await bob.client.update("broadcast");
        // Anything bob sent about the failed consumer left its socket before this marker.
        bob.client.sfu.broadcast("marker");
        await bob.session.nextMessage("BROADCAST");
        assert.equal(bob.session.payloads.filter((payload) => payload.responseTo && !payload.responseTo.endsWith("_0")).length, 0);
        request.catch(() => undefined);
    });
});
