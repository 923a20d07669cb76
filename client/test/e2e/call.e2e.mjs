// A call in headless Chromium against the real server (issue 4 and 5 acceptance): three people join one channel
// through the demo page and the server's own bundle, each with the fake camera and microphone, and use the page the
// way a person does: they look at the tiles (names, playing video, statistics) and press its buttons. Run by test.sh
// with SFU_URL pointing at a server started with --development (see chromium.mjs).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { requirePresent, skipUnlessPresent } from "../support/requirements.mjs";
import { launchChromium, MISSING, newPerson, SERVER_URL } from "./chromium.mjs";
import {
    installNetworkSwitch,
    tileOf,
    waitFor,
    waitMuted,
    waitPlaying,
    waitText,
    waitTextMatching,
    waitVisible,
} from "./demoPage.mjs";

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

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a call in Chromium, through the demo page", { skip: skipUnlessPresent(MISSING) }, () => {
    let browser;
    const channel = `e2e-${Date.now()}`;
    /** The three people: { name, page, id } (id: their session id, once joined). */
    let ada, bea, cy, everyone;
    const othersOf = (person) => everyone.filter((other) => other !== person);

    before(async () => {
        requirePresent(MISSING);
        browser = await launchChromium();
        // Ada's signalling can be cut and restored, for the reconnection test.
        ada = await newPerson(browser, "Ada", { beforeScripts: installNetworkSwitch });
        bea = await newPerson(browser, "Bea");
        cy = await newPerson(browser, "Cy");
        everyone = [ada, bea, cy];
    });

    after(async () => {
        // Each page has its own context, so each has a fresh profile; closing the browser discards them.
        await browser?.close();
    });

    it("joins three people through the demo page, like a person would", async () => {
        // Ada fills in the form; the others follow a shared link.
        await ada.page.goto(`${SERVER_URL}/demo`);
        await ada.page.fill("#channel", channel);
        await ada.page.fill("#name", ada.name);
        await ada.page.click("#join");
        for (const person of [bea, cy]) {
            await person.page.goto(`${SERVER_URL}/demo?channel=${channel}&name=${person.name}&autojoin=1`);
        }
        for (const person of everyone) {
            await waitText(person, "the call says it is connected", "#state", "connected");
            person.id = await person.page.evaluate(() => String(window.sfuDemo.sessionId));
        }
    });

    it("shows everyone the others' cameras playing, each tile under that person's name", async () => {
        for (const viewer of everyone) {
            for (const other of othersOf(viewer)) {
                const tile = tileOf(other.id, "camera");
                await waitPlaying(viewer, `${other.name}'s camera`, tile);
                await waitText(viewer, `${other.name}'s tile is labelled with the name`, `${tile} .name`, other.name);
                assert.equal(await viewer.page.isVisible(`${tile} .placeholder`), false, `${viewer.name} sees no "camera off" on ${other.name}`);
            }
            await waitPlaying(viewer, "their own camera", tileOf("self", "camera"));
        }
    });

    it("overlays each remote camera with its live bitrate, resolution and simulcast layer", async () => {
        for (const viewer of everyone) {
            for (const other of othersOf(viewer)) {
                await waitTextMatching(viewer, `${other.name}'s tile shows a bitrate, a resolution and a layer`, `${tileOf(other.id, "camera")} .stats`, [
                    /\b[1-9]\d* kbps\b/,
                    /\b[1-9]\d*×[1-9]\d* @ \d+ fps\b/,
                    /\blayer [0-2] of 2\b/,
                ]);
            }
        }
    });

    it("decodes every other page's camera, continuously for 5 s, and receives their audio", async () => {
        const first = await Promise.all(everyone.map(({ page }) => inbound(page)));
        await pause(5_000);
        const later = await Promise.all(everyone.map(({ page }) => inbound(page)));
        everyone.forEach((viewer, p) => {
            const videos = Object.entries(later[p]).filter(([, s]) => s.kind === "video");
            const audios = Object.entries(later[p]).filter(([, s]) => s.kind === "audio");
            assert.equal(videos.length, 2, `${viewer.name} receives two videos`);
            assert.equal(audios.length, 2, `${viewer.name} receives two audio streams`);
            for (const [track, stats] of videos) {
                assert.ok(stats.framesDecoded > (first[p][track]?.framesDecoded ?? 0) + 10, `${viewer.name} keeps decoding ${track}`);
            }
            for (const [track, stats] of audios) {
                assert.ok(stats.packetsReceived > (first[p][track]?.packetsReceived ?? 0) + 50, `${viewer.name} keeps receiving audio ${track}`);
            }
        });
    });

    it("shows the others a 'camera off' overlay while a person's camera button is off, and the video again once on", async () => {
        await bea.page.click("#toggle-camera");
        await waitText(bea, "the button says the camera is off", "#toggle-camera", "Camera off");
        await waitVisible(bea, "her own tile says camera off", `${tileOf("self", "camera")} .placeholder`);
        for (const viewer of othersOf(bea)) {
            await waitVisible(viewer, "Bea's tile says camera off", `${tileOf(bea.id, "camera")} .placeholder`);
        }

        await bea.page.click("#toggle-camera");
        await waitText(bea, "the button says the camera is on", "#toggle-camera", "Camera on");
        for (const viewer of othersOf(bea)) {
            await waitVisible(viewer, "Bea's 'camera off' overlay is gone", `${tileOf(bea.id, "camera")} .placeholder`, false);
            await waitPlaying(viewer, "Bea's camera, on again", tileOf(bea.id, "camera"));
        }
    });

    it("marks a person muted for the others while their microphone button is off", async () => {
        await cy.page.click("#toggle-mic");
        await waitText(cy, "the button says the microphone is off", "#toggle-mic", "Microphone off");
        for (const viewer of othersOf(cy)) {
            await waitMuted(viewer, "Cy's name is marked muted", tileOf(cy.id, "camera"), true);
        }
        await cy.page.click("#toggle-mic");
        for (const viewer of othersOf(cy)) {
            await waitMuted(viewer, "Cy's name is no longer marked muted", tileOf(cy.id, "camera"), false);
        }
    });

    it("gives the others a playing screen tile while a person shares, and takes it away when the sharing stops", async () => {
        const screen = tileOf(ada.id, "screen");
        for (const round of ["first", "second"]) {
            await ada.page.click("#toggle-screen");
            await waitText(ada, "the button offers to stop sharing", "#toggle-screen", "Stop sharing");
            await waitPlaying(ada, "her own screen", tileOf("self", "screen"));
            for (const viewer of othersOf(ada)) {
                await waitPlaying(viewer, `Ada's screen (${round} share)`, screen);
                await waitText(viewer, "the screen tile is labelled", `${screen} .name`, "Ada · screen");
            }

            await ada.page.click("#toggle-screen");
            await waitText(ada, "the button offers to share again", "#toggle-screen", "Share screen");
            await waitVisible(ada, "her own screen tile is gone", tileOf("self", "screen"), false);
            for (const viewer of othersOf(ada)) {
                await waitVisible(viewer, `Ada's screen tile is gone after the ${round} share`, screen, false);
            }
        }
    });

    it("stops a camera within 1 s on updateDownload pause and resumes it with a key frame", async () => {
        const [watcher, watched] = [bea.page, ada];
        const track = await tileTrack(watcher, watched.id, "camera");
        const framesOf = async () => (await inbound(watcher))[track];

        await watcher.evaluate((id) => window.sfuDemo.sfu.updateDownload(Number(id), { camera: false }), watched.id);
        await pause(1_000);
        const paused = await framesOf();
        await pause(1_500);
        const stillPaused = await framesOf();
        assert.equal(stillPaused.framesDecoded, paused.framesDecoded, "no frame decoded 1 s after the pause");

        await watcher.evaluate((id) => window.sfuDemo.sfu.updateDownload(Number(id), { camera: true }), watched.id);
        await pause(2_000);
        const resumed = await framesOf();
        assert.ok(resumed.framesDecoded > stillPaused.framesDecoded + 5, "frames flow again after resume");
        assert.ok(resumed.keyFramesDecoded > stillPaused.keyFramesDecoded, "the resumed stream started with a key frame");
    });

    it("after losing its connection, a page shows who is still there and not who left meanwhile", async () => {
        await ada.page.evaluate(() => window.sfuTestNetwork.cut());
        await waitFor(ada, "the call says it is no longer connected", () => document.querySelector("#state").dataset.state !== "connected");
        for (const viewer of [bea, cy]) {
            await waitVisible(viewer, "Ada's tile is gone while she is away", tileOf(ada.id, "camera"), false);
        }

        // While Ada is away, Cy leaves and Bea switches her camera off.
        await cy.page.close();
        await waitFor(bea, "Cy has left", (id) => !window.sfuDemo.peers.has(id) && !document.querySelector(`[data-session="${id}"]`), cy.id);
        await bea.page.click("#toggle-camera");
        await waitText(bea, "the button says the camera is off", "#toggle-camera", "Camera off");

        await ada.page.evaluate(() => window.sfuTestNetwork.restore());
        await waitText(ada, "the call says it is connected again", "#state", "connected");
        await waitVisible(ada, "Bea's tile is back with 'camera off'", `${tileOf(bea.id, "camera")} .placeholder`);
        await waitText(ada, "Bea's tile still has her name", `${tileOf(bea.id, "camera")} .name`, bea.name);
        assert.equal(await ada.page.locator(`[data-session="${cy.id}"]`).count(), 0, "Ada has no tile left for Cy");
        await waitPlaying(bea, "Ada's camera, back", tileOf(ada.id, "camera"));
        await waitText(bea, "Ada's tile has her name again", `${tileOf(ada.id, "camera")} .name`, ada.name);

        // Bea's camera reached Ada switched off: it must play once Bea switches it on.
        await bea.page.click("#toggle-camera");
        await waitVisible(ada, "Bea's 'camera off' overlay is gone", `${tileOf(bea.id, "camera")} .placeholder`, false);
        await waitPlaying(ada, "Bea's camera, switched on after Ada came back", tileOf(bea.id, "camera"));
    });
});
