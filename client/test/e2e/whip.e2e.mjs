// WHIP (RFC 9725) in headless Chromium against the real server (issue 7): a bare RTCPeerConnection publishes camera
// and microphone into a channel, and a participant on the demo page (the server's own bundle, the Odoo protocol)
// decodes that video and hears that audio. DELETE ends the WHIP session and the participant gets SESSION_LEAVE.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";

import { chromium } from "playwright-core";

import {
    demoFramesDecoded, hangUpInPage, mintToken, negotiateInPage, serverUrl, launchParticipantAndPlainPage, skip,
} from "./sdp-pages.mjs";

describe("WHIP publishing into a channel", { skip }, () => {
    let browser;
    let participant;
    let publisher;
    let whip;
    const channel = `whip-${Date.now()}`;

    before(async () => {
        ({ browser, participant, plain: publisher } = await launchParticipantAndPlainPage(chromium, channel));
    });

    after(async () => {
        await browser?.close();
    });

    it("refuses a missing token (401), malformed SDP (400), a wrong content type (415), an unknown resource (404)", async () => {
        const { channelUUID, token } = await mintToken(channel);
        const url = `${serverUrl}/whip/${channelUUID}`;
        const sdp = { "Content-Type": "application/sdp" };
        assert.equal((await fetch(url, { method: "POST", headers: sdp, body: "v=0\r\n" })).status, 401);
        const malformed = await fetch(url, { method: "POST", headers: { ...sdp, Authorization: `Bearer ${token}` }, body: "v=0\r\nm=oops\r\n" });
        assert.equal(malformed.status, 400);
        assert.match(await malformed.text(), /SDP/);
        const json = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: "{}" });
        assert.equal(json.status, 415);
        const obsOffer = readFileSync(new URL("../../../tests/Sfu.Transport.Tests/Sdp/Corpus/obs-whip.sdp", import.meta.url), "utf8");
        const forged = await fetch(url, { method: "POST", headers: { ...sdp, Authorization: `Bearer ${token}x` }, body: obsOffer });
        assert.equal(forged.status, 401, "a token with a bad signature");
        const elsewhere = await fetch(`${serverUrl}/whip/00000000-0000-0000-0000-000000000000`, {
            method: "POST", headers: { ...sdp, Authorization: `Bearer ${token}` }, body: obsOffer,
        });
        assert.equal(elsewhere.status, 404, "an unknown channel");
        assert.equal((await fetch(`${url}/nosuchresource`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } })).status, 404);
    });

    it("publishes camera and microphone: 201 with an answer and a Location", async () => {
        whip = await mintToken(channel);
        const result = await publisher.evaluate(negotiateInPage, { url: `${serverUrl}/whip/${whip.channelUUID}`, token: whip.token, mode: "publish" });
        assert.equal(result.status, 201, result.body);
        assert.match(result.location, new RegExp(`^/whip/${whip.channelUUID}/[0-9a-f]{32}$`));
        assert.match(result.answer, /a=ice-lite/);
        await publisher.waitForFunction(() => window.sdpClient.pc.connectionState === "connected", null, { timeout: 20_000 });
        const patch = await fetch(`${serverUrl}${result.location}`, {
            method: "PATCH",
            headers: { Authorization: `Bearer ${whip.token}`, "Content-Type": "application/trickle-ice-sdpfrag" },
            body: "a=end-of-candidates\r\n",
        });
        assert.equal(patch.status, 405, "no trickle ICE: RFC 9725 §4.3.1 allows 405");
    });

    it("the Odoo-protocol participant decodes the WHIP camera and receives its audio", async () => {
        await participant.waitForFunction((id) => window.sfuDemo.elements.get(`${id}/camera`)?.trackId, String(whip.sessionId), { timeout: 20_000 });
        await participant.waitForFunction((id) => window.sfuDemo.elements.has(`${id}/audio`), String(whip.sessionId), { timeout: 20_000 });
        const start = Date.now();
        let frames = 0;
        while (Date.now() - start < 20_000 && frames <= 30) {
            frames = await demoFramesDecoded(participant, whip.sessionId);
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.ok(frames > 30, `decoded ${frames} frames of the WHIP camera`);
        const audioPackets = await participant.evaluate(async () => {
            let packets = 0;
            (await window.sfuDemo.sfu.getStats()).downloadStats?.forEach((s) => {
                if (s.type === "inbound-rtp" && s.kind === "audio") packets += s.packetsReceived ?? 0;
            });
            return packets;
        });
        assert.ok(audioPackets > 50, `received ${audioPackets} audio packets`);
    });

    it("DELETE ends the WHIP session: 200, and the participant gets SESSION_LEAVE", async () => {
        assert.equal(await publisher.evaluate(hangUpInPage), 200);
        await participant.waitForFunction((id) => window.leftSessions.includes(id), String(whip.sessionId), { timeout: 10_000 });
        await participant.waitForFunction((id) => !window.sfuDemo.elements.has(`${id}/camera`), String(whip.sessionId), { timeout: 10_000 });
        const again = await fetch(`${serverUrl}${await publisher.evaluate(() => window.sdpClient.location)}`, {
            method: "DELETE",
            headers: { Authorization: `Bearer ${whip.token}` },
        });
        assert.equal(again.status, 404, "the resource is gone");
    });

    it("publishes a simulcast camera (three rids) that the participant decodes", async () => {
        const simulcast = await mintToken(channel);
        const result = await publisher.evaluate(negotiateInPage, {
            url: `${serverUrl}/whip/${simulcast.channelUUID}`,
            token: simulcast.token,
            mode: "publish",
            simulcast: true,
        });
        assert.equal(result.status, 201, result.body);
        assert.match(result.answer, /a=simulcast:recv q;h;f/);
        const start = Date.now();
        let frames = 0;
        while (Date.now() - start < 20_000 && frames <= 30) {
            await new Promise((resolve) => setTimeout(resolve, 250));
            frames = await demoFramesDecoded(participant, simulcast.sessionId);
        }
        assert.ok(frames > 30, `decoded ${frames} frames of the simulcast WHIP camera`);
        assert.equal(await publisher.evaluate(hangUpInPage), 200);
    });
});
