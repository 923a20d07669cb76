// @ts-check
// A complete call page script: joins a channel, uploads the microphone and the camera, and
// shows every remote stream. `url`, `token` and `channelUUID` come from the application
// backend (the token is the HS256 JWT with `sfu_channel_uuid` and `session_id`).
import { SfuClient, SFU_CLIENT_STATE } from "../bundle/odoo_sfu.js";

/**
 * @param {object} options
 * @param {string} options.url the SFU URL returned by GET /v1/channel
 * @param {string} options.token the JWT of this participant
 * @param {string} options.channelUUID the channel UUID returned by GET /v1/channel
 * @param {HTMLElement} options.container where remote audio/video elements are added
 * @param {RTCIceServer[]} [options.iceServers] STUN/TURN servers, if any
 */
export async function joinCall({ url, token, channelUUID, container, iceServers }) {
    const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const [microphone] = local.getAudioTracks();
    const [camera] = local.getVideoTracks();
    /** @type {Map<string, HTMLMediaElement>} one element per remote session and stream type */
    const elements = new Map();
    const sfu = new SfuClient();

    sfu.addEventListener("stateChange", ({ detail: { state, cause } }) => {
        switch (state) {
            case SFU_CLIENT_STATE.CONNECTED:
                // Uploads belong to one connection: upload again after every (re)connection.
                void sfu.updateUpload("audio", microphone);
                void sfu.updateUpload("camera", camera);
                sfu.updateInfo({ isSelfMuted: false, isCameraOn: true }, { needRefresh: true });
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
                const key = `${sessionId}/${type}`;
                let element = elements.get(key);
                if (!element) {
                    element = document.createElement(type === "audio" ? "audio" : "video");
                    element.autoplay = true;
                    element.dataset.session = String(sessionId);
                    container.append(element);
                    elements.set(key, element);
                }
                element.srcObject = new MediaStream([track]);
                element.hidden = !active;
                break;
            }
            case "disconnect":
                for (const [key, element] of elements) {
                    if (element.dataset.session === String(detail.payload.sessionId)) {
                        element.remove();
                        elements.delete(key);
                    }
                }
                break;
            case "info_change":
                for (const [sessionId, info] of Object.entries(detail.payload)) {
                    console.info(`session ${sessionId}:`, info);
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
            void sfu.updateUpload("audio", muted ? undefined : microphone);
            sfu.updateInfo({ isSelfMuted: muted });
        },
        leave() {
            sfu.disconnect();
            local.getTracks().forEach((track) => track.stop());
            elements.forEach((element) => element.remove());
            elements.clear();
        },
    };
}
