// The Beep-compatible mode (second founding document, issue 7) in headless Chromium against the real server: two
// pages each build a complete offer with the fake microphone; the test passes it over GET /connect with an
// X-User-Claim header set from Node, as the authenticating proxy would, and hands the answer back to the page; both
// users join one conversation with POST /join/...; each page then receives the other's audio on its one track.
// The server must run with sfu.beep.enabled (test.sh does); otherwise the suite is skipped.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { chromium } from "playwright-core";
import WebSocket from "ws";

import { skipUnlessPresent, requirePresent } from "../support/requirements.mjs";
import { chromiumArgs, executablePath, missing as missingBrowserOrServer, serverUrl } from "./sdp-pages.mjs";

const claimHeader = (userid, clientid = "web") => ({ "X-User-Claim": JSON.stringify({ userid, clientid }) });

async function beepEnabled() {
    if (!serverUrl) return false;
    const response = await fetch(`${serverUrl}/join/probe`, { method: "POST", headers: claimHeader("probe") });
    return response.status !== 404;
}

// Skipped on a developer's machine without Chromium, a server or the Beep mode; on CI each of them is a failure.
const missing = missingBrowserOrServer ?? ((await beepEnabled()) ? undefined : "the server does not run the Beep mode (sfu.beep.enabled)");
const skip = skipUnlessPresent(missing);

/** In the page: a complete offer with the microphone, as the founding document's example builds it. */
async function offerInPage() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection();
    for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
    window.beep = { pc };
    pc.ontrack = ({ track }) => {
        const audio = document.createElement("audio");
        audio.autoplay = true;
        audio.srcObject = new MediaStream([track]);
        document.body.append(audio);
    };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
        if (pc.iceGatheringState === "complete") return resolve();
        pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
        setTimeout(resolve, 3000);
    });
    return pc.localDescription.sdp;
}

async function inboundAudio(page) {
    return page.evaluate(async () => {
        let result = { packetsReceived: 0, audioLevel: 0, tracks: 0 };
        (await window.beep.pc.getStats()).forEach((s) => {
            if (s.type === "inbound-rtp" && s.kind === "audio") {
                result = { packetsReceived: s.packetsReceived ?? 0, audioLevel: s.audioLevel ?? 0, tracks: result.tracks + 1 };
            }
        });
        return result;
    });
}

/** GET /connect with the claim, the offer as one text message; resolves with the answer text and the close code. */
function connect(offer, headers) {
    return new Promise((resolve, reject) => {
        const socket = new WebSocket(`${serverUrl.replace(/^http/, "ws")}/connect`, { headers });
        let answer = null;
        socket.on("open", () => socket.send(offer));
        socket.on("message", (data) => { answer = data.toString(); });
        socket.on("close", (code) => resolve({ answer, code }));
        socket.on("unexpected-response", (request, response) => {
            // With this listener, ending the refused upgrade is ours to do (ws documentation).
            request.destroy();
            resolve({ status: response.statusCode });
        });
        socket.on("error", reject);
    });
}

describe("the Beep mode", { skip }, () => {
    let browser;
    const pages = [];
    const conversation = `conv-${Date.now()}`;
    const users = ["ada", "bea", "cy"].map((name) => `${name}-${Date.now()}`);

    before(async () => {
        requirePresent(missing);
        browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
        for (let i = 0; i < 3; i++) {
            const context = await browser.newContext({ permissions: ["microphone"] });
            const page = await context.newPage();
            page.on("pageerror", (error) => console.error(`[page ${i}]`, error));
            await page.goto(`${serverUrl}/v1/noop`);
            pages.push(page);
        }
    });

    after(async () => {
        await browser?.close();
    });

    it("answers 400 to a missing or unparsable X-User-Claim", async () => {
        assert.equal((await connect("v=0", {})).status, 400);
        assert.equal((await connect("v=0", { "X-User-Claim": "not json" })).status, 400);
        assert.equal((await connect("v=0", { "X-User-Claim": JSON.stringify({ userid: "x" }) })).status, 400, "clientid is required");
        assert.equal((await fetch(`${serverUrl}/join/${conversation}`, { method: "POST" })).status, 400);
    });

    it("closes the socket with 1007 when the offer is not SDP", async () => {
        const result = await connect("hello", claimHeader("nobody"));
        assert.equal(result.code, 1007);
        assert.equal(result.answer, null);
    });

    it("answers each page's offer over /connect, and both join one conversation", async () => {
        for (let i = 0; i < 2; i++) {
            const offer = await pages[i].evaluate(offerInPage);
            const { answer, code } = await connect(offer, claimHeader(users[i]));
            assert.equal(code, 1000);
            assert.match(answer, /a=ice-lite/);
            assert.match(answer, /a=sendrecv/);
            await pages[i].evaluate((sdp) => window.beep.pc.setRemoteDescription({ type: "answer", sdp }), answer);
        }
        for (let i = 0; i < 2; i++) {
            await pages[i].waitForFunction(() => window.beep.pc.connectionState === "connected", null, { timeout: 20_000 });
            const joined = await fetch(`${serverUrl}/join/${conversation}`, { method: "POST", headers: claimHeader(users[i]) });
            assert.equal(joined.status, 200);
        }
    });

    it("each page receives the other's audio: packets and level rising", async () => {
        for (const page of pages.slice(0, 2)) {
            const start = Date.now();
            let first = await inboundAudio(page);
            let later = first;
            let loud = 0;
            while (Date.now() - start < 15_000 && !(later.packetsReceived > first.packetsReceived + 100 && loud > 0)) {
                await new Promise((resolve) => setTimeout(resolve, 200));
                later = await inboundAudio(page);
                loud = Math.max(loud, later.audioLevel);
                if (first.packetsReceived === 0) first = later;
            }
            assert.equal(later.tracks, 1, "one receive track");
            assert.ok(later.packetsReceived > first.packetsReceived + 100, `packets rose from ${first.packetsReceived} to ${later.packetsReceived}`);
            assert.ok(loud > 0, `the audio level rose above 0 (max ${loud})`);
        }
    });

    it("with three members, each hears one clean stream (the dominant speaker), not the others interleaved", async () => {
        const offer = await pages[2].evaluate(offerInPage);
        const { answer } = await connect(offer, claimHeader(users[2]));
        await pages[2].evaluate((sdp) => window.beep.pc.setRemoteDescription({ type: "answer", sdp }), answer);
        await pages[2].waitForFunction(() => window.beep.pc.connectionState === "connected", null, { timeout: 20_000 });
        assert.equal((await fetch(`${serverUrl}/join/${conversation}`, { method: "POST", headers: claimHeader(users[2]) })).status, 200);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const stats = () => pages[0].evaluate(async () => {
            let result = null;
            (await window.beep.pc.getStats()).forEach((s) => {
                if (s.type === "inbound-rtp" && s.kind === "audio") result = { received: s.packetsReceived ?? 0, lost: s.packetsLost ?? 0 };
            });
            return result;
        });
        const before = await stats();
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const after = await stats();
        // Opus sends a packet every 20 ms: one speaker is about 150 packets in 3 s, two interleaved about 300.
        const received = after.received - before.received;
        assert.ok(received > 100 && received < 200, `${received} packets in 3 s: one stream`);
        assert.ok(after.lost - before.lost < 10, `${after.lost - before.lost} packets counted lost: the numbering stays continuous`);
    });

    it("a user who moves to another conversation stops hearing the first one", async () => {
        const moved = await fetch(`${serverUrl}/join/${conversation}-elsewhere`, { method: "POST", headers: claimHeader(users[0]) });
        assert.equal(moved.status, 200);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const before = await inboundAudio(pages[0]);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const after = await inboundAudio(pages[0]);
        assert.ok(after.packetsReceived - before.packetsReceived < 5, `alone, ${after.packetsReceived - before.packetsReceived} packets arrived`);
    });
});
