// The demo page: join a channel by name, upload the microphone and the camera (and the screen on demand), and
// show every other participant in a tile with live receive statistics. It uses the server's own client bundle.
import { SfuClient, SFU_CLIENT_STATE } from "/bundle/odoo_sfu.js";

const $ = (id) => document.getElementById(id);

/** Names travel as broadcasts: the signaling has no name field, so each page introduces itself. */
const HELLO = "sfu-demo-hello";
/** The simulcast layers the server asks for (scaleResolutionDownBy 4, 2, 1): used to name the layer we receive. */
const LAYER_SCALES = [4, 2, 1];

const state = {
    sfu: undefined,
    name: "",
    sessionId: undefined,
    media: { microphone: undefined, camera: undefined, screen: undefined },
    enabled: { audio: true, camera: true },
    /** sessionId → { name, source: {width, height} per type, info } */
    peers: new Map(),
    /**
     * "sessionId/type" → the stream shown for it: a tile { root, video, placeholder, label, stats } for the video
     * types, { root: <audio> } for audio; remote ones also hold { sessionId, track, trackId, active, on }.
     */
    elements: new Map(),
    /** trackId → { bytes, at } for bitrates */
    lastBytes: new Map(),
    statsTimer: undefined,
};

function init() {
    const params = new URLSearchParams(location.search);
    $("channel").value = params.get("channel") ?? "lobby";
    $("name").value = params.get("name") ?? `Guest ${Math.floor(100 + Math.random() * 900)}`;
    $("join-form").addEventListener("submit", (event) => {
        event.preventDefault();
        void join($("channel").value.trim(), $("name").value.trim());
    });
    $("toggle-mic").addEventListener("click", () => void toggleMicrophone());
    $("toggle-camera").addEventListener("click", () => void toggleCamera());
    $("toggle-screen").addEventListener("click", () => void toggleScreen());
    $("leave").addEventListener("click", leave);
    if (params.has("autojoin")) {
        void join($("channel").value.trim(), $("name").value.trim());
    }
}

async function join(channel, name) {
    $("lobby-error").hidden = true;
    try {
        const answer = await fetch("/demo/join", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ channel }),
        });
        if (!answer.ok) {
            throw new Error(`the server refused to join: ${answer.status} ${await answer.text()}`);
        }
        const { channelUUID, token, sessionId } = await answer.json();
        state.name = name;
        state.sessionId = sessionId;
        history.replaceState(null, "", `?channel=${encodeURIComponent(channel)}`);
        await startLocalMedia();
        showCall(channel, sessionId);
        connect(channelUUID, token);
    } catch (error) {
        $("lobby-error").textContent = String(error.message ?? error);
        $("lobby-error").hidden = false;
    }
}

async function startLocalMedia() {
    try {
        const stream = await navigator.mediaDevices.getUserMedia({
            audio: true,
            video: { width: { ideal: 1280 }, height: { ideal: 720 } },
        });
        state.media.microphone = stream.getAudioTracks()[0];
        state.media.camera = stream.getVideoTracks()[0];
    } catch (error) {
        console.warn("No camera or microphone; joining to watch only.", error);
        state.enabled.audio = false;
        state.enabled.camera = false;
    }
}

function showCall(channel, sessionId) {
    $("lobby").hidden = true;
    $("call").hidden = false;
    $("channel-title").textContent = `#${channel} · you are ${state.name} (session ${sessionId})`;
    const self = tileFor("self", "camera", `${state.name} (you)`);
    self.video.muted = true;
    self.video.srcObject = state.media.camera ? new MediaStream([state.media.camera]) : null;
    renderButtons();
}

function connect(channelUUID, token) {
    const sfu = new SfuClient();
    state.sfu = sfu;
    sfu.addEventListener("stateChange", ({ detail: { state: connection, cause } }) => {
        $("state").textContent = cause ? `${connection} (${cause})` : connection;
        $("state").dataset.state = connection;
        if (connection === SFU_CLIENT_STATE.AUTHENTICATED) {
            forgetPreviousConnection();
            sayHello();
        }
        if (connection === SFU_CLIENT_STATE.CONNECTED) {
            // Uploads belong to one connection: upload again after every (re)connection.
            void uploadAll();
            sfu.updateInfo(myInfo(), { needRefresh: true });
        }
    });
    sfu.addEventListener("update", ({ detail }) => onUpdate(detail));
    void sfu.connect(location.origin, token, { channelUUID });
    state.statsTimer = setInterval(() => void refreshStats(), 1000);
}

function onUpdate({ name, payload }) {
    switch (name) {
        case "track":
            onTrack(payload);
            break;
        case "broadcast":
            onBroadcast(payload);
            break;
        case "info_change":
            for (const [sessionId, info] of Object.entries(payload)) {
                peer(sessionId).info = info;
                renderPeer(sessionId);
            }
            break;
        case "disconnect":
            removePeer(String(payload.sessionId));
            break;
    }
}

function onTrack({ sessionId, type, track, active }) {
    const id = String(sessionId);
    const stream = type === "audio" ? audioFor(id) : tileFor(id, type, labelOf(id, type));
    (stream.video ?? stream.root).srcObject = new MediaStream([track]);
    // updateDownload wants the id with its JSON type (PROTOCOL.md §0.3), not our string key.
    stream.sessionId = sessionId;
    stream.track = track;
    stream.trackId = track.id;
    stream.active = active;
    // The client paused this consumer locally when it arrived inactive: it is "off" until something turns it on.
    stream.on = active;
    renderPeer(id);
}

function audioFor(id) {
    const key = `${id}/audio`;
    let stream = state.elements.get(key);
    if (!stream) {
        const audio = document.createElement("audio");
        audio.autoplay = true;
        document.body.append(audio);
        stream = { root: audio };
        state.elements.set(key, stream);
    }
    return stream;
}

function onBroadcast({ senderId, message }) {
    if (message?.type !== HELLO) {
        return;
    }
    const id = String(senderId);
    const known = state.peers.get(id)?.name;
    const entry = peer(id);
    entry.name = String(message.name ?? "").slice(0, 40) || `Session ${id}`;
    entry.source = message.source ?? {};
    renderPeer(id);
    if (!known && !message.reply) {
        sayHello(true); // introduce ourselves to the newcomer
    }
}

function sayHello(reply = false) {
    const settings = state.media.camera?.getSettings() ?? {};
    state.sfu?.broadcast({
        type: HELLO,
        name: state.name,
        reply,
        source: { camera: { width: settings.width, height: settings.height } },
    });
}

function peer(id) {
    let entry = state.peers.get(id);
    if (!entry) {
        entry = { name: `Session ${id}`, source: {}, info: {} };
        state.peers.set(id, entry);
    }
    return entry;
}

function labelOf(id, type) {
    const name = peer(id).name;
    return type === "screen" ? `${name} · screen` : name;
}

/**
 * Whether the info says the stream of `type` is on, or undefined when the field is unset. The info is what a person
 * switches (PROTOCOL.md §5.4: PRODUCTION_CHANGE sets isCameraOn / isScreenSharingOn and always broadcasts it); a paused
 * producer is resumed on the same consumer, without a new INIT_CONSUMER (§5.5), so only the info says it is back.
 */
function infoSaysOn(info, type) {
    switch (type) {
        case "audio":
            return typeof info.isSelfMuted === "boolean" ? !info.isSelfMuted : undefined;
        case "camera":
            return typeof info.isCameraOn === "boolean" ? info.isCameraOn : undefined;
        default:
            return typeof info.isScreenSharingOn === "boolean" ? info.isScreenSharingOn : undefined;
    }
}

function renderPeer(id) {
    const entry = peer(id);
    for (const type of ["audio", "camera", "screen"]) {
        const stream = state.elements.get(`${id}/${type}`);
        if (!stream) {
            continue;
        }
        // Every change of the info is broadcast after the producer changed, so a set field is never older than the
        // track's "active" for long: when they disagree, the field wins.
        const on = infoSaysOn(entry.info, type) ?? stream.active;
        if (on && !stream.on) {
            // Our consumer may be paused locally (it arrived inactive): resume it; a no-op when it is not.
            state.sfu?.updateDownload(stream.sessionId, { [type]: true });
        }
        stream.on = on;
        if (type === "audio") {
            continue;
        }
        stream.label.textContent = labelOf(id, type);
        stream.label.classList.toggle("muted", type === "camera" && entry.info.isSelfMuted === true);
        stream.root.classList.toggle("talking", entry.info.isTalking === true);
        if (type === "camera") {
            stream.placeholder.hidden = on;
        } else {
            // A stopped screen share leaves nothing worth a tile; the same consumer comes back if it starts again.
            stream.root.hidden = !on;
        }
    }
}

function removeStream(key) {
    const stream = state.elements.get(key);
    stream?.root.remove();
    state.lastBytes.delete(stream?.trackId);
    state.elements.delete(key);
}

function removePeer(id) {
    for (const key of [...state.elements.keys()]) {
        if (key.startsWith(`${id}/`)) {
            removeStream(key);
        }
    }
    state.peers.delete(id);
}

/**
 * A new connection: the remote streams of the previous one ended with it (the client closed their consumers). Those
 * still in the call come back with this connection's INIT_CONSUMERs; those who left meanwhile, whose SESSION_LEAVE we
 * never got, do not, so their tiles go now. Their info may have changed unseen too: it comes back in the answer to
 * our needRefresh (PROTOCOL.md §5.4). Names stay: they only travel in broadcasts.
 */
function forgetPreviousConnection() {
    for (const [key, stream] of [...state.elements]) {
        if (!key.startsWith("self/") && stream.track?.readyState === "ended") {
            removeStream(key);
        }
    }
    for (const entry of state.peers.values()) {
        entry.info = {};
    }
}

function tileFor(id, type, label) {
    const key = `${id}/${type}`;
    let tile = state.elements.get(key);
    if (tile) {
        return tile;
    }
    const root = document.createElement("div");
    root.className = "tile";
    root.dataset.session = id;
    root.dataset.type = type;
    const video = document.createElement("video");
    video.autoplay = true;
    video.playsInline = true;
    const placeholder = document.createElement("div");
    placeholder.className = "placeholder";
    placeholder.textContent = "camera off";
    placeholder.hidden = true;
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = label;
    const stats = document.createElement("div");
    stats.className = "stats";
    root.append(video, placeholder, name, stats);
    $("tiles").append(root);
    tile = { root, video, placeholder, label: name, stats, trackId: undefined };
    state.elements.set(key, tile);
    return tile;
}

function myInfo() {
    return {
        isSelfMuted: !state.enabled.audio,
        isCameraOn: state.enabled.camera && Boolean(state.media.camera),
        isScreenSharingOn: Boolean(state.media.screen),
    };
}

async function uploadAll() {
    const sfu = state.sfu;
    await Promise.all([
        sfu.updateUpload("audio", state.enabled.audio ? state.media.microphone : undefined),
        sfu.updateUpload("camera", state.enabled.camera ? state.media.camera : undefined),
        sfu.updateUpload("screen", state.media.screen),
    ]);
}

async function toggleMicrophone() {
    state.enabled.audio = !state.enabled.audio && Boolean(state.media.microphone);
    await state.sfu?.updateUpload("audio", state.enabled.audio ? state.media.microphone : undefined);
    state.sfu?.updateInfo(myInfo());
    renderButtons();
}

async function toggleCamera() {
    state.enabled.camera = !state.enabled.camera && Boolean(state.media.camera);
    await state.sfu?.updateUpload("camera", state.enabled.camera ? state.media.camera : undefined);
    state.elements.get("self/camera").placeholder.hidden = state.enabled.camera;
    state.sfu?.updateInfo(myInfo());
    renderButtons();
}

async function toggleScreen() {
    if (state.media.screen) {
        stopScreen();
        return;
    }
    try {
        const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
        state.media.screen = stream.getVideoTracks()[0];
        state.media.screen.addEventListener("ended", stopScreen, { once: true });
        const tile = tileFor("self", "screen", `${state.name} · your screen`);
        tile.video.muted = true;
        tile.video.srcObject = new MediaStream([state.media.screen]);
        await state.sfu?.updateUpload("screen", state.media.screen);
        state.sfu?.updateInfo(myInfo());
    } catch (error) {
        console.warn("Screen sharing was not started.", error);
    }
    renderButtons();
}

function stopScreen() {
    state.media.screen?.stop();
    state.media.screen = undefined;
    void state.sfu?.updateUpload("screen", undefined);
    state.sfu?.updateInfo(myInfo());
    removeStream("self/screen");
    renderButtons();
}

function renderButtons() {
    $("toggle-mic").setAttribute("aria-pressed", String(state.enabled.audio));
    $("toggle-mic").textContent = state.enabled.audio ? "Microphone on" : "Microphone off";
    $("toggle-camera").setAttribute("aria-pressed", String(state.enabled.camera));
    $("toggle-camera").textContent = state.enabled.camera ? "Camera on" : "Camera off";
    $("toggle-screen").setAttribute("aria-pressed", String(Boolean(state.media.screen)));
    $("toggle-screen").textContent = state.media.screen ? "Stop sharing" : "Share screen";
}

function leave() {
    clearInterval(state.statsTimer);
    state.sfu?.disconnect();
    for (const track of Object.values(state.media)) {
        track?.stop();
    }
    location.reload();
}

/** Bitrate, resolution, frame rate and simulcast layer of every remote video tile, from the download transport. */
async function refreshStats() {
    const stats = await state.sfu?.getStats().catch(() => undefined);
    const report = stats?.downloadStats;
    if (!report) {
        return;
    }
    const byTrack = new Map();
    report.forEach((entry) => {
        if (entry.type === "inbound-rtp" && entry.kind === "video" && entry.trackIdentifier) {
            byTrack.set(entry.trackIdentifier, entry);
        }
    });
    for (const [key, tile] of state.elements) {
        const entry = tile.trackId && byTrack.get(tile.trackId);
        if (!entry) {
            continue;
        }
        const previous = state.lastBytes.get(tile.trackId);
        const kbps = previous ? ((entry.bytesReceived - previous.bytes) * 8) / (entry.timestamp - previous.at) : 0;
        state.lastBytes.set(tile.trackId, { bytes: entry.bytesReceived, at: entry.timestamp });
        const [id, type] = key.split("/");
        const lines = [`${Math.round(kbps)} kbps`];
        if (entry.frameWidth) {
            lines.push(`${entry.frameWidth}×${entry.frameHeight} @ ${Math.round(entry.framesPerSecond ?? 0)} fps`);
        }
        const layer = type === "camera" ? layerOf(peer(id).source?.camera, entry.frameHeight) : undefined;
        if (layer !== undefined) {
            lines.push(`layer ${layer} of ${LAYER_SCALES.length - 1}`);
        }
        tile.stats.textContent = lines.join("\n");
    }
}

/** The simulcast layer whose scale best explains the received height, given the sender's camera height. */
function layerOf(source, height) {
    if (!source?.height || !height) {
        return undefined;
    }
    let best = 0;
    LAYER_SCALES.forEach((scale, index) => {
        if (Math.abs(source.height / scale - height) < Math.abs(source.height / LAYER_SCALES[best] - height)) {
            best = index;
        }
    });
    return best;
}

// The page's state, for the browser tests and for anyone curious in the console (e.g. sfuDemo.sfu.getStats()).
window.sfuDemo = state;

init();
