// A call in headless Chromium against the real server (issue 4 and 5 acceptance): three pages join one channel
// through the demo page and the server's own bundle, each with the fake camera and microphone. Run by test.sh with
// SFU_URL pointing at a server started with --development (which serves /demo).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";

import { chromium } from "playwright-core";

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
    (path) => path && existsSync(path),
);
const serverUrl = process.env.SFU_URL;
// DESIGN.md: what Chromium needs for WebRTC on loopback with fake devices.
const FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
];

const skip = !executablePath ? "no Chromium found" : !serverUrl ? "SFU_URL is not set" : false;

/** Receive statistics of a page's download transport, keyed by track id. */
async function inbound(page) {
    return page.evaluate(async () => {
        const report = (await window.sfuDemo.sfu.getStats()).downloadStats;
        const result = {};
        report?.forEach((entry) => {
            if (entry.type === "inbound-rtp" && entry.trackIdentifier) {
                result[entry.trackIdentifier] = {
                    kind: entry.kind,
                    framesDecoded: entry.framesDecoded ?? 0,
                    keyFramesDecoded: entry.keyFramesDecoded ?? 0,
                    packetsReceived: entry.packetsReceived ?? 0,
                    audioLevel: entry.audioLevel ?? 0,
                };
            }
        });
        return result;
    });
}

/** The track id of the tile showing `type` of the session `sessionId` on `page`. */
function tileTrack(page, sessionId, type) {
    return page.evaluate(([id, kind]) => window.sfuDemo.elements.get(`${id}/${kind}`)?.trackId, [String(sessionId), type]);
}

async function remoteVideoTracks(page) {
    return page.evaluate(() =>
        [...window.sfuDemo.elements.entries()]
            .filter(([key, tile]) => !key.startsWith("self/") && tile.trackId)
            .map(([key, tile]) => ({ key, trackId: tile.trackId })),
    );
}

describe("a call in Chromium", { skip }, () => {
    let browser;
    const pages = [];
    const channel = `e2e-${Date.now()}`;

    before(async () => {
        browser = await chromium.launch({ executablePath, headless: true, args: FLAGS });
        for (let i = 0; i < 3; i++) {
            const context = await browser.newContext({ permissions: ["camera", "microphone"] });
            const page = await context.newPage();
            page.on("pageerror", (error) => console.error(`[page ${i}]`, error));
            pages.push(page);
        }
    });

    after(async () => {
        // Each page has its own context, so each has a fresh profile; closing the browser discards them.
        await browser?.close();
    });

    it("joins three people through the demo page, like a person would", async () => {
        // The first page is driven through the form; the others join by URL.
        await pages[0].goto(`${serverUrl}/demo`);
        await pages[0].fill("#channel", channel);
        await pages[0].fill("#name", "Ada");
        await pages[0].click("#join");
        await pages[1].goto(`${serverUrl}/demo?channel=${channel}&name=Bea&autojoin=1`);
        await pages[2].goto(`${serverUrl}/demo?channel=${channel}&name=Cy&autojoin=1`);
        for (const page of pages) {
            await page.waitForFunction(() => window.sfuDemo?.sfu && document.querySelector("#state").dataset.state === "connected", null, { timeout: 30_000 });
        }
    });

    it("decodes every other page's camera, continuously for 5 s, and receives their audio", async () => {
        for (const page of pages) {
            await page.waitForFunction(
                () => [...window.sfuDemo.elements.keys()].filter((k) => k.endsWith("/camera") && !k.startsWith("self/")).length === 2,
                null,
                { timeout: 30_000 },
            );
        }
        const first = await Promise.all(pages.map(inbound));
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        const later = await Promise.all(pages.map(inbound));
        for (let p = 0; p < pages.length; p++) {
            const videos = Object.entries(later[p]).filter(([, s]) => s.kind === "video");
            const audios = Object.entries(later[p]).filter(([, s]) => s.kind === "audio");
            assert.equal(videos.length, 2, `page ${p} receives two videos`);
            assert.equal(audios.length, 2, `page ${p} receives two audio streams`);
            for (const [track, stats] of videos) {
                assert.ok(stats.framesDecoded > (first[p][track]?.framesDecoded ?? 0) + 10, `page ${p} keeps decoding ${track}`);
            }
            for (const [track, stats] of audios) {
                assert.ok(stats.packetsReceived > (first[p][track]?.packetsReceived ?? 0) + 50, `page ${p} keeps receiving audio ${track}`);
            }
        }
    });

    it("shares a screen (a canvas capture) that the others decode", async () => {
        await pages[0].evaluate(async () => {
            const canvas = document.createElement("canvas");
            canvas.width = 640;
            canvas.height = 360;
            const context = canvas.getContext("2d");
            let frame = 0;
            setInterval(() => {
                context.fillStyle = `hsl(${(frame++ * 7) % 360} 70% 50%)`;
                context.fillRect(0, 0, canvas.width, canvas.height);
                context.fillStyle = "#fff";
                context.fillText(`frame ${frame}`, 20, 40);
            }, 40);
            await window.sfuDemo.sfu.updateUpload("screen", canvas.captureStream(25).getVideoTracks()[0]);
        });
        const sharer = await pages[0].evaluate(() => window.sfuDemo.sessionId);
        for (const page of pages.slice(1)) {
            await page.waitForFunction((id) => window.sfuDemo.elements.get(`${id}/screen`)?.trackId, String(sharer), { timeout: 30_000 });
            const track = await tileTrack(page, sharer, "screen");
            await page.waitForFunction(
                async (trackId) => {
                    const report = (await window.sfuDemo.sfu.getStats()).downloadStats;
                    let decoded = 0;
                    report.forEach((s) => { if (s.type === "inbound-rtp" && s.trackIdentifier === trackId) decoded = s.framesDecoded ?? 0; });
                    return decoded > 10;
                },
                track,
                { timeout: 30_000, polling: 250 },
            );
        }
    });

    it("stops a camera within 1 s on updateDownload pause and resumes it with a key frame", async () => {
        const [watcher, watched] = [pages[1], pages[0]];
        const watchedId = await watched.evaluate(() => window.sfuDemo.sessionId);
        const track = await tileTrack(watcher, watchedId, "camera");
        const framesOf = async () => (await inbound(watcher))[track];

        await watcher.evaluate((id) => window.sfuDemo.sfu.updateDownload(id, { camera: false }), watchedId);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const paused = await framesOf();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const stillPaused = await framesOf();
        assert.equal(stillPaused.framesDecoded, paused.framesDecoded, "no frame decoded 1 s after the pause");

        await watcher.evaluate((id) => window.sfuDemo.sfu.updateDownload(id, { camera: true }), watchedId);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const resumed = await framesOf();
        assert.ok(resumed.framesDecoded > stillPaused.framesDecoded + 5, "frames flow again after resume");
        assert.ok(resumed.keyFramesDecoded > stillPaused.keyFramesDecoded, "the resumed stream started with a key frame");
    });

    it("tells the others when a page leaves", async () => {
        const leaverId = await pages[2].evaluate(() => window.sfuDemo.sessionId);
        await pages[2].close();
        for (const page of pages.slice(0, 2)) {
            await page.waitForFunction((id) => !window.sfuDemo.peers.has(String(id)) && !window.sfuDemo.elements.has(`${id}/camera`), leaverId, {
                timeout: 20_000,
            });
        }
        const tracks = await remoteVideoTracks(pages[0]);
        assert.ok(tracks.every((t) => !t.key.startsWith(`${leaverId}/`)));
    });
});
