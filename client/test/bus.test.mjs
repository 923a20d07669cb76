import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { importSource } from "./support/importSource.mjs";

const { Bus } = await importSource("bus.ts");

/** Just enough of a WebSocket for the bus: records what is sent, lets the test push frames. */
class SocketDouble {
    readyState = 1;
    sent = [];
    #listeners = new Map();

    send(text) {
        this.sent.push(JSON.parse(text));
    }

    close() {
        this.readyState = 3;
        this.#emit("close", { code: 1000 });
    }

    addEventListener(type, listener) {
        if (!this.#listeners.has(type)) {
            this.#listeners.set(type, new Set());
        }
        this.#listeners.get(type).add(listener);
    }

    removeEventListener(type, listener) {
        this.#listeners.get(type)?.delete(listener);
    }

    receive(data) {
        this.#emit("message", { data: typeof data === "string" ? data : JSON.stringify(data) });
    }

    listenerCount(type) {
        return this.#listeners.get(type)?.size ?? 0;
    }

    #emit(type, event) {
        for (const listener of [...(this.#listeners.get(type) ?? [])]) {
            listener(event);
        }
    }
}

function busOn(socket, options = {}) {
    return new Bus(socket, { batchDelay: 30, requestTimeout: 1_000, ...options });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function eventually(predicate) {
    for (let round = 0; !predicate(); round++) {
        assert.ok(round < 500, "condition never held");
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

describe("Bus", () => {
    it("numbers requests c_<bus>_<n> and resolves them with the response's message", async () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        const first = bus.request({ name: "CONNECT_CTS_TRANSPORT", payload: { dtlsParameters: {} } });
        const second = bus.request({ name: "INIT_PRODUCER", payload: { type: "audio" } });
        const [[{ needResponse: firstId }], [{ needResponse: secondId }]] = socket.sent;
        assert.equal(firstId, `c_${bus.id}_0`);
        assert.equal(secondId, `c_${bus.id}_1`);
        socket.receive([{ responseTo: secondId, message: { id: "producer-1" } }, { responseTo: firstId }]);
        assert.deepEqual(await second, { id: "producer-1" });
        assert.equal(await first, undefined);
        bus.close();
    });

    it("gives every bus its own number so request ids never repeat across reconnections", () => {
        const first = busOn(new SocketDouble());
        const second = busOn(new SocketDouble());
        assert.ok(second.id > first.id);
        first.close();
        second.close();
    });

    it("answers a request with the handler's result, omitting message when there is none", async () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        bus.onRequest = async ({ name }) => (name === "INIT_TRANSPORTS" ? { codecs: [] } : undefined);
        socket.receive([
            { message: { name: "INIT_TRANSPORTS", payload: {} }, needResponse: "s_7_0" },
            { message: { name: "PING" }, needResponse: "s_7_1" },
        ]);
        await settle();
        assert.deepEqual(socket.sent, [
            [{ message: { codecs: [] }, responseTo: "s_7_0" }],
            [{ responseTo: "s_7_1" }],
        ]);
        assert.equal(Object.hasOwn(socket.sent[1][0], "message"), false);
        bus.close();
    });

    it("sends no response at all when the request handler fails", async () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        const errors = [];
        bus.onError = (error) => errors.push(error);
        bus.onRequest = async () => {
            throw new Error("cannot consume");
        };
        socket.receive([{ message: { name: "INIT_CONSUMER", payload: {} }, needResponse: "s_1_4" }]);
        await settle();
        assert.deepEqual(socket.sent, []);
        assert.equal(errors.length, 1);
        bus.close();
    });

    it("hands plain messages to onMessage in frame order", () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        const names = [];
        bus.onMessage = ({ name }) => names.push(name);
        socket.receive([{ message: { name: "S_INFO_CHANGE", payload: {} } }, { message: { name: "BROADCAST", payload: {} } }]);
        socket.receive([{ message: { name: "SESSION_LEAVE", payload: { sessionId: 3 } } }]);
        assert.deepEqual(names, ["S_INFO_CHANGE", "BROADCAST", "SESSION_LEAVE"]);
        bus.close();
    });

    it("ignores responses to unknown ids and late responses after a timeout", async () => {
        const socket = new SocketDouble();
        const bus = busOn(socket, { requestTimeout: 10 });
        const late = bus.request({ name: "INIT_PRODUCER", payload: {} });
        await assert.rejects(late, /timed out/);
        const [[{ needResponse }]] = socket.sent;
        socket.receive([{ responseTo: needResponse, message: { id: "too-late" } }, { responseTo: "c_999_0" }]);
        const onTime = bus.request({ name: "INIT_PRODUCER", payload: {} });
        socket.receive([{ responseTo: socket.sent[1][0].needResponse, message: { id: "ok" } }]);
        assert.deepEqual(await onTime, { id: "ok" });
        bus.close();
    });

    it("reports frames that are not JSON arrays and payloads without a message name, and keeps going", () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        const errors = [];
        const names = [];
        bus.onError = (error) => errors.push(error);
        bus.onMessage = ({ name }) => names.push(name);
        for (const garbage of ["", "not json", "{}", "null", "42", '"text"']) {
            socket.receive(garbage);
        }
        socket.receive([null, 7, "x", [], { message: { name: "BROADCAST", payload: 1 } }]);
        assert.equal(errors.length, 7); // six bad frames, and the [] element that has no message
        assert.deepEqual(names, ["BROADCAST"]);
        bus.close();
    });

    it("accepts frames delivered as bytes", () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        const names = [];
        bus.onMessage = ({ name }) => names.push(name);
        bus._onFrame({ data: new TextEncoder().encode(JSON.stringify([{ message: { name: "BROADCAST" } }])) });
        assert.deepEqual(names, ["BROADCAST"]);
        bus.close();
    });

    it("sends the first batched payload at once and gathers the next ones into one frame", async () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        bus.send({ name: "BROADCAST", payload: 1 }, { batch: true });
        bus.send({ name: "BROADCAST", payload: 2 }, { batch: true });
        bus.send({ name: "C_INFO_CHANGE", payload: { info: {} } }, { batch: true });
        assert.equal(socket.sent.length, 1);
        await eventually(() => socket.sent.length === 2);
        assert.deepEqual(socket.sent, [
            [{ message: { name: "BROADCAST", payload: 1 } }],
            [{ message: { name: "BROADCAST", payload: 2 } }, { message: { name: "C_INFO_CHANGE", payload: { info: {} } } }],
        ]);
        bus.close();
    });

    it("lets immediate sends overtake payloads waiting for the batch", () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        bus.send({ name: "BROADCAST", payload: "leading" }, { batch: true });
        bus.send({ name: "BROADCAST", payload: "queued" }, { batch: true });
        void bus.request({ name: "INIT_PRODUCER", payload: {} }).catch(() => undefined);
        assert.deepEqual(
            socket.sent.map((frame) => frame.map(({ message }) => message.payload ?? message.name)),
            [["leading"], [{}]],
        );
        bus.close();
    });

    it("rejects pending requests, drops queued payloads and detaches when the socket closes", async () => {
        const socket = new SocketDouble();
        const bus = busOn(socket);
        const pending = bus.request({ name: "CONNECT_STC_TRANSPORT", payload: {} });
        bus.send({ name: "BROADCAST", payload: 1 }, { batch: true });
        bus.send({ name: "BROADCAST", payload: 2 }, { batch: true });
        socket.close();
        await assert.rejects(pending, /closed/);
        assert.equal(bus.closed, true);
        assert.equal(socket.listenerCount("message"), 0);
        await assert.rejects(bus.request({ name: "INIT_PRODUCER", payload: {} }), /closed/);
        await new Promise((resolve) => setTimeout(resolve, 60));
        assert.equal(socket.sent.length, 2); // the request and the leading broadcast only
    });
});
