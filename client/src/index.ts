/**
 * Entry point of the browser bundle (bundle/odoo_sfu.js):
 *
 *     import { SfuClient, SFU_CLIENT_STATE } from "/bundle/odoo_sfu.js";
 */
export { SfuClient } from "./SfuClient";
export { SFU_CLIENT_STATE } from "./types";
export type {
    BroadcastUpdate,
    ConnectOptions,
    DisconnectUpdate,
    DownloadStates,
    InfoChangeUpdate,
    JsonValue,
    MediaHandlerFactory,
    SessionId,
    SessionInfo,
    SfuClientOptions,
    SfuClientState,
    SfuClientStateChange,
    SfuClientStats,
    SfuClientTimings,
    SfuClientUpdate,
    StreamType,
    TrackUpdate,
    UpdateInfoOptions,
    WebSocketConstructor,
    WebSocketLike,
} from "./types";

/** Versions built into this bundle (filled in by build.mjs). */
export const __info__: { readonly version: string; readonly mediasoupClient: string } = Object.freeze({
    version: __SFU_CLIENT_VERSION__,
    mediasoupClient: __MEDIASOUP_CLIENT_VERSION__,
});

declare const __SFU_CLIENT_VERSION__: string;
declare const __MEDIASOUP_CLIENT_VERSION__: string;
