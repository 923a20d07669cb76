// What a plain WebRTC page does to publish with WHIP (RFC 9725) or play with WHEP: one complete offer (ICE gathered,
// no trickle) POSTed as application/sdp with a bearer token, the answer applied. These functions run inside Chromium
// through page.evaluate, so each is self-contained. Shared by whip.e2e.mjs and whep.e2e.mjs.
import { CHROMIUM, MISSING_CHROMIUM, requirePresent, skipUnlessPresent } from "../support/requirements.mjs";

export const executablePath = CHROMIUM;
export const serverUrl = process.env.SFU_URL;
/** What these suites need and lack: skipped on a developer's machine, a failure on CI (see requirements.mjs). */
export const missing = MISSING_CHROMIUM ?? (serverUrl ? undefined : "SFU_URL is not set");
export const skip = skipUnlessPresent(missing);

// DESIGN.md: what Chromium needs for WebRTC on loopback with fake devices.
export const chromiumArgs = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
];

/** A demo channel's UUID and a fresh session token for it, as an application backend would mint them. */
export async function mintToken(channel) {
    const response = await fetch(`${serverUrl}/demo/join`, { method: "POST", body: JSON.stringify({ channel }) });
    return response.json();
}

/** In the page: negotiate `pc` with the endpoint; keeps {pc, location, token} in window.sdpClient. */
export async function negotiateInPage({ url, token, mode, simulcast = false }) {
    const pc = new RTCPeerConnection();
    if (mode === "publish") {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
        // Simulcast layers from the lowest to the highest, as RFC 8853 rids are then listed.
        const layers = [{ rid: "q", scaleResolutionDownBy: 4 }, { rid: "h", scaleResolutionDownBy: 2 }, { rid: "f" }];
        for (const track of stream.getTracks()) {
            const sendEncodings = simulcast && track.kind === "video" ? layers : undefined;
            pc.addTransceiver(track, { direction: "sendonly", streams: [stream], sendEncodings });
        }
    } else {
        pc.addTransceiver("audio", { direction: "recvonly" });
        pc.addTransceiver("video", { direction: "recvonly" });
    }
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
        if (pc.iceGatheringState === "complete") return resolve();
        pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
        setTimeout(resolve, 3000);
    });
    const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${token}` },
        body: pc.localDescription.sdp,
    });
    const body = await response.text();
    if (response.status !== 201) {
        return { status: response.status, body };
    }
    await pc.setRemoteDescription({ type: "answer", sdp: body });
    const location = response.headers.get("Location");
    window.sdpClient = { pc, location, token };
    return { status: response.status, location, answer: body };
}

/** In the page: DELETE the resource (RFC 9725 §4.2) and close the peer connection. */
export async function hangUpInPage() {
    const { pc, location, token } = window.sdpClient;
    const response = await fetch(location, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
    pc.close();
    return response.status;
}

/** In the page: inbound-rtp of window.sdpClient.pc by kind. */
export async function inboundInPage() {
    const result = {};
    (await window.sdpClient.pc.getStats()).forEach((s) => {
        if (s.type === "inbound-rtp") {
            result[s.kind] = { framesDecoded: s.framesDecoded ?? 0, packetsReceived: s.packetsReceived ?? 0, audioLevel: s.audioLevel ?? 0 };
        }
    });
    return result;
}

/** On a demo page: decoded frames of the tile `${sessionId}/camera`, through the bundle's download stats. */
export function demoFramesDecoded(page, sessionId) {
    return page.evaluate(async (id) => {
        const trackId = window.sfuDemo.elements.get(`${id}/camera`)?.trackId;
        if (!trackId) return -1;
        let frames = 0;
        (await window.sfuDemo.sfu.getStats()).downloadStats?.forEach((s) => {
            if (s.type === "inbound-rtp" && s.trackIdentifier === trackId) frames = s.framesDecoded ?? 0;
        });
        return frames;
    }, String(sessionId));
}

/** On a demo page: start recording the session ids the bundle reports gone (SESSION_LEAVE → "disconnect"). */
export function recordLeaves(page) {
    return page.evaluate(() => {
        window.leftSessions = [];
        window.sfuDemo.sfu.addEventListener("update", ({ detail }) => {
            if (detail.name === "disconnect") window.leftSessions.push(String(detail.payload.sessionId));
        });
    });
}

/**
 * A browser with two pages: a participant who joined `channel` on the demo page (the bundle, the Odoo protocol), and
 * a blank page of the server's origin from which a plain RTCPeerConnection talks WHIP or WHEP (same-origin fetch).
 */
export async function launchParticipantAndPlainPage(chromium, channel) {
    requirePresent(missing);
    const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
    const pages = [];
    for (let i = 0; i < 2; i++) {
        const context = await browser.newContext({ permissions: ["camera", "microphone"] });
        const page = await context.newPage();
        page.on("pageerror", (error) => console.error(`[page ${i}]`, error));
        pages.push(page);
    }
    const [participant, plain] = pages;
    await participant.goto(`${serverUrl}/demo?channel=${channel}&name=Ada&autojoin=1`);
    await participant.waitForFunction(() => document.querySelector("#state")?.dataset.state === "connected", null, { timeout: 30_000 });
    await recordLeaves(participant);
    await plain.goto(`${serverUrl}/v1/noop`);
    return { browser, participant, plain };
}
