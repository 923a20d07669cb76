// The bundle in a real browser: headless Chromium loads bundle/odoo_sfu.js, connects to the
// fake SFU with its own WebSocket and mediasoup-client's Chrome handler (real
// RTCPeerConnections, fake camera and microphone), and uploads audio and simulcast video.
// Skipped when no Chromium is installed (CHROMIUM_PATH, or /usr/bin/chromium), except on CI, where that fails.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe } from "node:test";

import { PRODUCER_OPTIONS_BY_KIND } from "./support/fakeSfuServer.mjs";
import { CHROMIUM, MISSING_CHROMIUM, itNeeds } from "./support/requirements.mjs";
import { Scenario } from "./support/scenario.mjs";

const bundle = readFileSync(new URL("../bundle/odoo_sfu.js", import.meta.url));

const PAGE = `<!doctype html>
<script type="module">
const report = (data) => fetch("/report", { method: "POST", body: JSON.stringify(data) });
window.addEventListener("error", (event) => report({ error: String(event.error?.stack ?? event.message) }));
try {
    const { SfuClient } = await import("/bundle/odoo_sfu.js");
    const params = new URLSearchParams(location.search);
    const sfu = new SfuClient();
    const states = [];
    sfu.addEventListener("stateChange", async ({ detail }) => {
        states.push(detail.state);
        if (detail.state !== "connected") return;
        try {
            const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
            await sfu.updateUpload("audio", media.getAudioTracks()[0]);
            await sfu.updateUpload("camera", media.getVideoTracks()[0]);
            const stats = await sfu.getStats();
            report({ states, statsKeys: Object.keys(stats).sort(), cameraIsReport: stats.camera instanceof RTCStatsReport });
        } catch (error) {
            report({ states, error: String(error?.stack ?? error) });
        }
    });
    await sfu.connect(params.get("url"), params.get("token"), { channelUUID: params.get("channel") });
} catch (error) {
    report({ error: String(error?.stack ?? error) });
}
</script>`;

const scenario = new Scenario();
after(() => scenario.end());

describe("bundle in Chromium", () => {
    itNeeds([MISSING_CHROMIUM], "connects, answers INIT_TRANSPORTS and uploads audio and three-layer simulcast video", async () => {
        const server = await scenario.server();
        let resolveReport;
        const reported = new Promise((resolve) => {
            resolveReport = resolve;
        });
        const http = createServer((request, response) => {
            if (request.url === "/bundle/odoo_sfu.js") {
                response.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
            } else if (request.url === "/report") {
                let body = "";
                request.on("data", (chunk) => (body += chunk));
                request.on("end", () => {
                    response.end();
                    resolveReport(JSON.parse(body));
                });
            } else {
                response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
            }
        });
        await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
        const query = new URLSearchParams({
            url: server.url,
            token: scenario.token(server, 1),
            channel: server.channelUUID,
        });
        const profile = mkdtempSync(join(tmpdir(), "sfu-client-chromium-"));
        const browser = spawn(CHROMIUM, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--allow-loopback-in-peer-connection", `--user-data-dir=${profile}`,
            `http://127.0.0.1:${http.address().port}/?${query}`,
        ], { stdio: "ignore" });
        let timer;
        try {
            const result = await Promise.race([
                reported,
                new Promise((_, reject) => {
                    timer = setTimeout(() => reject(new Error("no report from the page")), 20_000);
                }),
            ]);
            assert.equal(result.error, undefined, result.error);
            assert.deepEqual(result.states, ["connecting", "authenticated", "connected"]);
            assert.deepEqual(result.statsKeys, ["audio", "camera", "downloadStats", "uploadStats"]);
            assert.equal(result.cameraIsReport, true);

            const session = await server.session(0);
            const codecs = session.capabilities.codecs.map((codec) => `${codec.mimeType}/${codec.preferredPayloadType}`);
            assert.ok(codecs.includes("audio/opus/100"), codecs.join());
            assert.ok(codecs.includes("video/VP8/101"), codecs.join());

            const producers = session.payloads.filter(({ message }) => message?.name === "INIT_PRODUCER");
            const byType = Object.fromEntries(producers.map(({ message }) => [message.payload.type, message.payload]));
            assert.equal(byType.audio.kind, "audio");
            assert.equal(byType.audio.rtpParameters.codecs[0].mimeType.toLowerCase(), "audio/opus");
            const { encodings, codecs: videoCodecs } = byType.camera.rtpParameters;
            assert.equal(videoCodecs[0].mimeType, "video/VP8");
            assert.deepEqual(encodings.map(({ rid }) => rid), ["r0", "r1", "r2"]);
            assert.deepEqual(
                encodings.map(({ scaleResolutionDownBy, maxBitrate }) => ({ scaleResolutionDownBy, maxBitrate })),
                PRODUCER_OPTIONS_BY_KIND.video.encodings,
            );
        } finally {
            clearTimeout(timer);
            browser.kill();
            await new Promise((resolve) => (browser.exitCode !== null ? resolve() : browser.once("exit", resolve)));
            http.close();
            // Chromium's helper processes can still be writing to the profile for a moment after the
            // browser process exits; retry, and never let a leftover temporary directory fail the test.
            try {
                rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
            } catch {
                // left in the temporary directory
            }
        }
    });
});
