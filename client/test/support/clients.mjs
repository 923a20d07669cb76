// SfuClient instances for Node: `ws` as the WebSocket, mediasoup-client's FakeHandler as the
// WebRTC implementation, and helpers that record and await the client's events.
import { FakeHandler } from "mediasoup-client/handlers/FakeHandler";
import * as fakeParameters from "mediasoup-client/fakeParameters";
import { WebSocket } from "ws";

import { SfuClient, SFU_CLIENT_STATE } from "../../bundle/odoo_sfu.js";

export { SfuClient, SFU_CLIENT_STATE };

const WAIT_LIMIT_MS = 10_000;

export function fakeHandlerFactory() {
    return FakeHandler.createFactory(fakeParameters);
}

/**
 * A handler factory that records the options mediasoup-client passes to every handler's
 * send(), so that tests can see encodings and codec options that FakeHandler itself ignores,
 * and (in `created`) the direction and ICE servers of every transport's handler.
 */
export function recordingHandlerFactory(sent, created = []) {
    const base = fakeHandlerFactory();
    return {
        ...base,
        factory(options) {
            created.push({ direction: options.direction, iceServers: options.iceServers });
            const handler = base.factory(options);
            const send = handler.send.bind(handler);
            handler.send = (sendOptions) => {
                sent.push(structuredClone({ encodings: sendOptions.encodings, codecOptions: sendOptions.codecOptions }));
                return send(sendOptions);
            };
            return handler;
        },
    };
}

export class TestClient {
    states = [];
    updates = [];
    /** The close code of every socket this client had, in order, as the client saw it. */
    closeCodes = [];
    #listeners = new Set();

    constructor({ timings, handlerFactory = fakeHandlerFactory() } = {}) {
        const closeCodes = this.closeCodes;
        const notify = () => this.#notify();
        class RecordingWebSocket extends WebSocket {
            constructor(...args) {
                super(...args);
                this.addEventListener("close", ({ code }) => {
                    closeCodes.push(code);
                    notify();
                });
            }
        }
        this.sfu = new SfuClient({ WebSocket: RecordingWebSocket, handlerFactory, timings });
        this.sfu.addEventListener("stateChange", (event) => {
            this.states.push(event.detail);
            this.#notify();
        });
        this.sfu.addEventListener("update", (event) => {
            this.updates.push(event.detail);
            this.#notify();
        });
    }

    get stateNames() {
        return this.states.map(({ state }) => state);
    }

    /** Resolves with the state change detail once the client has reached `state` (now or later). */
    reached(state, { after = 0 } = {}) {
        return this.until(() => this.states.slice(after).find((detail) => detail.state === state), `state ${state}`);
    }

    /** Resolves with the payload of the first "update" named `name` that passes `filter`. */
    update(name, filter = () => true) {
        return this.until(
            () => this.updates.find((update) => update.name === name && filter(update.payload))?.payload,
            `an "${name}" update`,
        );
    }

    until(predicate, what) {
        const value = predicate();
        if (value) {
            return Promise.resolve(value);
        }
        return new Promise((resolve, reject) => {
            const entry = () => {
                const found = predicate();
                if (found) {
                    clearTimeout(timer);
                    this.#listeners.delete(entry);
                    resolve(found);
                }
            };
            const timer = setTimeout(() => {
                this.#listeners.delete(entry);
                reject(new Error(`client: gave up waiting for ${what}; states so far: ${this.stateNames.join(" → ")}`));
            }, WAIT_LIMIT_MS);
            this.#listeners.add(entry);
        });
    }

    #notify() {
        for (const listener of [...this.#listeners]) {
            listener();
        }
    }
}

/** Resolves after `ms`; only used to give a misbehaving client the chance to misbehave. */
export function pause(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
