// The README's client example (examples/call.js) runs as written: a page that only imports it and calls
// joinCall() is in a call with a person on the demo page, both ways, through a real server. The application backend
// it asks for credentials is played by this test with the demo's /demo/join (which does what a backend does).
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";

import { requirePresent, skipUnlessPresent } from "../support/requirements.mjs";
import { launchChromium, MISSING, newPerson, SERVER_URL } from "./chromium.mjs";
import { tileOf, waitFor, waitPlaying, waitText, waitVisible } from "./demoPage.mjs";

const EXAMPLE = readFileSync(new URL("../../examples/call.js", import.meta.url), "utf8");
// The application's page. The example, at /examples/call.js, imports the bundle the server serves
// (../bundle/odoo_sfu.js from there), and asks the backend at /calls/<id>/join.
const PAGE = `<!doctype html>
<div id="call"></div>
<script type="module">
import { joinCall } from "/examples/call.js";
window.call = await joinCall(document.getElementById("call"), new URLSearchParams(location.search).get("call"));
</script>`;

describe("the README's client example in Chromium", { skip: skipUnlessPresent(MISSING) }, () => {
    let browser;
    let ada;
    /** The example's participant: { name, page, id }. */
    let app;
    const callId = `example-${Date.now()}`;

    before(async () => {
        requirePresent(MISSING);
        browser = await launchChromium();
        ada = await newPerson(browser, "Ada");
        app = await newPerson(browser, "the example");
        const application = ({ pathname }) => ["/examples/call.js", `/calls/${callId}/join`].includes(pathname);
        await app.page.route(application, async (route) => {
            const { pathname } = new URL(route.request().url());
            if (pathname === "/examples/call.js") {
                await route.fulfill({ body: EXAMPLE, contentType: "text/javascript" });
            } else if (pathname === `/calls/${callId}/join`) {
                // The backend's answer: the demo signs a token for the channel of this name.
                const joined = await (
                    await fetch(`${SERVER_URL}/demo/join`, { method: "POST", body: JSON.stringify({ channel: callId }) })
                ).json();
                app.id = String(joined.sessionId);
                const answer = { url: SERVER_URL, channelUUID: joined.channelUUID, token: joined.token };
                await route.fulfill({ json: answer });
            }
        });
    });

    after(async () => {
        await browser?.close();
    });

    it("joins a call with a person on the demo page, and each sees the other's camera playing", async () => {
        await ada.page.goto(`${SERVER_URL}/demo?channel=${callId}&name=Ada&autojoin=1`);
        await waitText(ada, "the call says it is connected", "#state", "connected");
        ada.id = await ada.page.evaluate(() => String(window.sfuDemo.sessionId));

        // The page comes from the server itself: Chromium lets only a page of a loopback origin open a WebSocket to
        // loopback (Local Network Access), and a page made up by the test has none.
        await app.page.goto(`${SERVER_URL}/v1/noop?call=${callId}`);
        await app.page.setContent(PAGE);
        await waitPlaying(app, "Ada's camera", "#call video");
        await waitPlaying(ada, "the example's camera", tileOf(app.id, "camera"));
    });

    it("hides a camera switched off and shows it playing again when switched on, on both sides", async () => {
        await ada.page.click("#toggle-camera");
        await waitVisible(app, "Ada's video is hidden", "#call video", false);
        await ada.page.click("#toggle-camera");
        await waitPlaying(app, "Ada's camera, on again", "#call video");

        await app.page.evaluate(() => window.call.setCameraOn(false));
        await waitVisible(ada, "the example's tile says camera off", `${tileOf(app.id, "camera")} .placeholder`);
        await app.page.evaluate(() => window.call.setCameraOn(true));
        await waitVisible(ada, "the example's 'camera off' is gone", `${tileOf(app.id, "camera")} .placeholder`, false);
        await waitPlaying(ada, "the example's camera, on again", tileOf(app.id, "camera"));
    });

    it("leaves: the demo page drops its tile and the example its elements", async () => {
        await app.page.evaluate(() => window.call.leave());
        await waitFor(app, "no element is left", () => document.querySelectorAll("#call > *").length === 0);
        await waitFor(ada, "the example's tile is gone", (id) => !document.querySelector(`[data-session="${id}"]`), app.id);
    });
});
