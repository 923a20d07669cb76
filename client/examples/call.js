// @ts-check
// A complete call page script: asks the application backend for credentials, joins the call, uploads the
// microphone and the camera, and shows every other participant, across reconnections. The README shows this file
// (with the server's bundle URL); declarations.test.mjs type-checks it and checks that the README's copy is this one,
// and e2e/example.e2e.mjs runs it in Chromium against the server.
import { SfuClient, SFU_CLIENT_STATE } from "../bundle/odoo_sfu.js";

/** @typedef {import("../bundle/odoo_sfu.js").SessionId} SessionId */
/** @typedef {import("../bundle/odoo_sfu.js").StreamType} StreamType */

/**
 * Joins the call `callId` of your application and shows the others in `container`.
 *
 * The credentials come from your backend, which alone knows AUTH_KEY. For `POST /calls/<id>/join` (a route of
 * your application; any will do) it:
 * 1. asks the SFU for the call's channel: `GET <SFU>/v1/channel` with `Authorization: jwt <token>`, the token an
 *    HS256 JWT of `{ iss: "<your app>" }` signed with AUTH_KEY; the answer is `{ uuid, url }`;
 * 2. signs this participant's token: an HS256 JWT of `{ sfu_channel_uuid: uuid, session_id: <the user's id> }`
 *    with AUTH_KEY (or the channel's own `key`, if it asked for one), with an `exp` a few hours ahead;
 * 3. answers `{ url, channelUUID: uuid, token }` (and `iceServers`, if you run TURN).
 *
 * @param {HTMLElement} container where the other participants' audio and video elements go
 * @param {string} callId your application's name for the call
 */
export async function joinCall(container, callId) {
    const response = await fetch(`/calls/${encodeURIComponent(callId)}/join`, { method: "POST" });
    if (!response.ok) {
        throw new Error(`The application refused to join the call: ${response.status}`);
    }
    /** @type {{ url: string, channelUUID: string, token: string, iceServers?: RTCIceServer[] }} */
    const { url, channelUUID, token, iceServers } = await response.json();

    const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const [microphone] = local.getAudioTracks();
    const [camera] = local.getVideoTracks();
    const me = { isSelfMuted: false, isCameraOn: true };

    /**
     * One element per other participant and stream type ("7/camera"), kept across reconnections: a new connection
     * brings new tracks for the same elements, never a second element.
     * @type {Map<string, { element: HTMLMediaElement, sessionId: SessionId }>}
     */
    const streams = new Map();
    /** @param {SessionId} sessionId @param {StreamType} type */
    const keyOf = (sessionId, type) => `${sessionId}/${type}`;
    /** @param {string} key */
    const remove = (key) => {
        streams.get(key)?.element.remove();
        streams.delete(key);
    };

    const sfu = new SfuClient();
    sfu.addEventListener("stateChange", ({ detail: { state, cause } }) => {
        switch (state) {
            case SFU_CLIENT_STATE.AUTHENTICATED:
                // A new connection: the tracks of the previous one ended. Those still in the call get new ones
                // (the "track" updates below); the elements of those who left while we were away go now.
                for (const [key, { element }] of [...streams]) {
                    const track = /** @type {MediaStream | null} */ (element.srcObject)?.getTracks()[0];
                    if (!track || track.readyState === "ended") {
                        remove(key);
                    }
                }
                break;
            case SFU_CLIENT_STATE.CONNECTED:
                // Uploads belong to one connection: upload again after every (re)connection.
                void sfu.updateUpload("audio", me.isSelfMuted ? undefined : microphone);
                void sfu.updateUpload("camera", me.isCameraOn ? camera : undefined);
                sfu.updateInfo(me, { needRefresh: true });
                break;
            case SFU_CLIENT_STATE.RECOVERING:
                console.info("Connection lost, reconnecting...");
                break;
            case SFU_CLIENT_STATE.CLOSED:
                console.warn(cause === "full" ? "This call is full." : "The server ended this session.");
                break;
        }
    });

    sfu.addEventListener("update", ({ detail }) => {
        switch (detail.name) {
            case "track": {
                const { sessionId, type, track, active } = detail.payload;
                const key = keyOf(sessionId, type);
                let stream = streams.get(key);
                if (!stream) {
                    const element = document.createElement(type === "audio" ? "audio" : "video");
                    element.autoplay = true;
                    container.append(element);
                    stream = { element, sessionId };
                    streams.set(key, stream);
                }
                stream.element.srcObject = new MediaStream([track]);
                stream.element.hidden = !active;
                break;
            }
            case "info_change":
                // A stream switched back on keeps its track (no new "track" update): show it again, and resume it
                // here in case it arrived switched off (the client then paused it; resuming twice does nothing).
                for (const [sessionId, info] of Object.entries(detail.payload)) {
                    /** @type {[StreamType, boolean | undefined][]} */
                    const switches = [
                        ["audio", info.isSelfMuted === undefined ? undefined : !info.isSelfMuted],
                        ["camera", info.isCameraOn],
                        ["screen", info.isScreenSharingOn],
                    ];
                    for (const [type, on] of switches) {
                        const stream = streams.get(keyOf(sessionId, type));
                        if (stream && on !== undefined) {
                            stream.element.hidden = !on;
                            if (on) {
                                sfu.updateDownload(stream.sessionId, { [type]: true });
                            }
                        }
                    }
                }
                break;
            case "disconnect":
                for (const type of /** @type {StreamType[]} */ (["audio", "camera", "screen"])) {
                    remove(keyOf(detail.payload.sessionId, type));
                }
                break;
            case "broadcast":
                console.info(`message from ${detail.payload.senderId}:`, detail.payload.message);
                break;
        }
    });

    await sfu.connect(url, token, { channelUUID, iceServers });

    return {
        sfu,
        /** Mutes or unmutes the microphone for everyone. @param {boolean} muted */
        setMuted(muted) {
            me.isSelfMuted = muted;
            void sfu.updateUpload("audio", muted ? undefined : microphone);
            sfu.updateInfo(me);
        },
        /** Switches the camera off or on for everyone. @param {boolean} on */
        setCameraOn(on) {
            me.isCameraOn = on;
            void sfu.updateUpload("camera", on ? camera : undefined);
            sfu.updateInfo(me);
        },
        leave() {
            sfu.disconnect();
            local.getTracks().forEach((track) => track.stop());
            streams.forEach(({ element }) => element.remove());
            streams.clear();
        },
    };
}
