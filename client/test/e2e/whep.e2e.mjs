// WHEP in headless Chromium against the real server (issue 7): a bare RTCPeerConnection with two recvonly
// transceivers plays the camera and microphone of a participant of the demo page (the Odoo protocol) and decodes the
// frames. DELETE stops it and the participant gets SESSION_LEAVE for the viewer.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { chromium } from "playwright-core";

import {
    hangUpInPage, inboundInPage, mintToken, negotiateInPage, serverUrl, launchParticipantAndPlainPage, skip,
} from "./sdp-pages.mjs";

describe("WHEP playing a participant", { skip }, () => {
    let browser;
    let participant;
    let viewer;
    let participantId;
    let whep;
    const channel = `whep-${Date.now()}`;

    before(async () => {
        ({ browser, participant, plain: viewer } = await launchParticipantAndPlainPage(chromium, channel));
        participantId = await participant.evaluate(() => String(window.sfuDemo.sessionId));
        // The demo page uploads once connected; wait until its own camera tile shows it is sending.
        await participant.waitForFunction(() => window.sfuDemo.elements.has("self/camera"), null, { timeout: 20_000 });
    });

    after(async () => {
        await browser?.close();
    });

    it("answers 404 for a session that is not in the channel", async () => {
        whep = await mintToken(channel);
        const result = await viewer.evaluate(negotiateInPage, { url: `${serverUrl}/whep/${whep.channelUUID}/999999999999`, token: whep.token, mode: "play" });
        assert.equal(result.status, 404, result.body);
    });

    it("plays the participant's camera and microphone: 201, then decoded frames and audio", async () => {
        whep = await mintToken(channel);
        const result = await viewer.evaluate(negotiateInPage, {
            url: `${serverUrl}/whep/${whep.channelUUID}/${participantId}`,
            token: whep.token,
            mode: "play",
        });
        assert.equal(result.status, 201, result.body);
        assert.match(result.location, new RegExp(`^/whep/${whep.channelUUID}/${participantId}/[0-9a-f]{32}$`));
        assert.match(result.answer, /a=sendonly/);
        await viewer.waitForFunction(() => window.sdpClient.pc.connectionState === "connected", null, { timeout: 20_000 });
        const start = Date.now();
        let stats = {};
        while (Date.now() - start < 20_000 && !((stats.video?.framesDecoded ?? 0) > 30 && (stats.audio?.packetsReceived ?? 0) > 50)) {
            await new Promise((resolve) => setTimeout(resolve, 250));
            stats = await viewer.evaluate(inboundInPage);
        }
        assert.ok((stats.video?.framesDecoded ?? 0) > 30, `decoded ${stats.video?.framesDecoded} frames`);
        assert.ok((stats.audio?.packetsReceived ?? 0) > 50, `received ${stats.audio?.packetsReceived} audio packets`);
    });

    it("DELETE stops it: 200, and the participant gets SESSION_LEAVE for the viewer", async () => {
        assert.equal(await viewer.evaluate(hangUpInPage), 200);
        await participant.waitForFunction((id) => window.leftSessions.includes(id), String(whep.sessionId), { timeout: 10_000 });
    });
});
