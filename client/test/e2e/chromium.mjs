// The headless Chromium of the end-to-end tests, and what they need to run: Chromium and SFU_URL, a server started
// with --development (which serves /demo). Without them the tests are skipped, except on CI (requirements.mjs).
import { chromium } from "playwright-core";

import { CHROMIUM, MISSING_CHROMIUM } from "../support/requirements.mjs";

export const SERVER_URL = process.env.SFU_URL?.replace(/\/+$/, "");

/** Why the end-to-end tests cannot run here, or undefined when they can. */
export const MISSING = MISSING_CHROMIUM ?? (SERVER_URL ? undefined : "SFU_URL is not set (test.sh starts a server and sets it)");

// DESIGN.md: what Chromium needs for WebRTC on loopback with fake devices (the fake UI also picks a screen to share).
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

export function launchChromium() {
    return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** A page of its own (own context, so own profile and session) allowed to use the fake camera and microphone. */
export async function newPerson(browser, name, { beforeScripts } = {}) {
    const context = await browser.newContext({ permissions: ["camera", "microphone"] });
    if (beforeScripts) {
        await context.addInitScript(beforeScripts);
    }
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`[${name}'s page]`, error));
    return { name, page, id: undefined };
}
