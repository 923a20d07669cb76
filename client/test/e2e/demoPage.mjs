// What a person sees on the demo page, read from the DOM of their Playwright page: tiles by session and stream type,
// whether their video plays, their overlays. A `person` is { name, page }. Waits are generous (the machines are
// shared); nothing here measures time.

const WAIT_MS = 20_000;

/** The CSS selector of the tile showing `type` ("camera" or "screen") of `session` ("self" for our own). */
export function tileOf(session, type) {
    return `.tile[data-session="${session}"][data-type="${type}"]`;
}

/** Waits for `predicate(arg)` to hold in the person's page; on timeout the error says whose page and what. */
export async function waitFor(person, what, predicate, arg) {
    try {
        await person.page.waitForFunction(predicate, arg, { timeout: WAIT_MS, polling: 200 });
    } catch (error) {
        throw new Error(`${person.name}'s page: gave up waiting until ${what}`, { cause: error });
    }
}

/** Waits until the element of `selector` is visible (or, with visible false, hidden or gone). */
export async function waitVisible(person, what, selector, visible = true) {
    try {
        await person.page.locator(selector).waitFor({ state: visible ? "visible" : "hidden", timeout: WAIT_MS });
    } catch (error) {
        throw new Error(`${person.name}'s page: gave up waiting until ${what}`, { cause: error });
    }
}

/**
 * Waits until the video of `selector` (a video element, or a tile holding one) plays the way a person sees it: it is
 * shown, has a picture size, its clock runs and new frames keep being painted (half a second of clock and ten frames
 * past the first look).
 */
export async function waitPlaying(person, what, selector) {
    await waitVisible(person, `${what} is shown`, selector);
    const start = await person.page.$eval(selector, (element) => {
        const video = element instanceof HTMLVideoElement ? element : element.querySelector("video");
        return { time: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames };
    });
    await waitFor(
        person,
        `${what} plays`,
        ({ selector: target, start: first }) => {
            const element = document.querySelector(target);
            const video = element instanceof HTMLVideoElement ? element : element?.querySelector("video");
            return (
                video !== null &&
                video !== undefined &&
                !video.paused &&
                video.videoWidth > 0 &&
                video.currentTime > first.time + 0.5 &&
                video.getVideoPlaybackQuality().totalVideoFrames > first.frames + 10
            );
        },
        { selector, start },
    );
}

/** Waits until the text of the element of `selector` is `text` exactly. */
export async function waitText(person, what, selector, text) {
    await waitFor(person, what, ({ selector: target, text: expected }) => document.querySelector(target)?.textContent === expected, {
        selector,
        text,
    });
}

/** Waits until the text of the element of `selector` matches every one of `patterns` (regular expression sources). */
export async function waitTextMatching(person, what, selector, patterns) {
    await waitFor(
        person,
        what,
        ({ selector: target, patterns: sources }) => {
            const text = document.querySelector(target)?.textContent ?? "";
            return sources.every((source) => new RegExp(source).test(text));
        },
        { selector, patterns: patterns.map((pattern) => pattern.source) },
    );
}

/** Waits until the name label of the tile is marked muted (the "· muted" a person reads after the name) or not. */
export async function waitMuted(person, what, selector, muted) {
    await waitFor(
        person,
        what,
        ({ selector: tile, muted: expected }) => {
            const label = document.querySelector(`${tile} .name`);
            return label !== null && getComputedStyle(label, "::after").content.includes("muted") === expected;
        },
        { selector, muted },
    );
}

/**
 * Installed before the page's own scripts: a switch for the page's network to the server, as far as the signalling
 * is concerned. `sfuTestNetwork.cut()` closes the open sockets (code 3000, which the client answers by reconnecting)
 * and sends new ones to a closed loopback port until `sfuTestNetwork.restore()`.
 */
export function installNetworkSwitch() {
    const NativeWebSocket = window.WebSocket;
    const sockets = new Set();
    const network = {
        down: false,
        cut() {
            network.down = true;
            sockets.forEach((socket) => socket.close(3000, "network cut by the test"));
        },
        restore() {
            network.down = false;
        },
    };
    window.sfuTestNetwork = network;
    window.WebSocket = class extends NativeWebSocket {
        constructor(url, protocols) {
            super(network.down ? "ws://127.0.0.1:9/" : url, protocols);
            sockets.add(this);
            this.addEventListener("close", () => sockets.delete(this));
        }
    };
}
