import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { importSource } from "./support/importSource.mjs";

const { ReconnectBackoff } = await importSource("backoff.ts");

const DEFAULTS = { reconnectInitialDelay: 1_000, reconnectMaxDelay: 30_000, reconnectJitter: 1_000 };

describe("ReconnectBackoff", () => {
    it("waits 1.5 s plus up to 1 s of jitter before the first retry", () => {
        assert.equal(new ReconnectBackoff(DEFAULTS, () => 0).next(), 1_500);
        assert.equal(new ReconnectBackoff(DEFAULTS, () => 0.5).next(), 2_000);
        assert.equal(new ReconnectBackoff(DEFAULTS, () => 0.999).next(), 2_499);
    });

    it("grows by 1.5 at each attempt and stops growing at 30 s before jitter", () => {
        const backoff = new ReconnectBackoff(DEFAULTS, () => 0);
        const waits = Array.from({ length: 12 }, () => backoff.next());
        assert.deepEqual(waits.slice(0, 4), [1_500, 2_250, 3_375, 5_062.5]);
        for (let i = 1; i < waits.length; i++) {
            assert.ok(waits[i] >= waits[i - 1], `wait ${i} shrank`);
        }
        assert.equal(waits.at(-1), 30_000);
        assert.equal(new ReconnectBackoff(DEFAULTS, () => 0.999).next() <= 31_000, true);
    });

    it("never waits more than the cap plus the jitter", () => {
        const backoff = new ReconnectBackoff(DEFAULTS, () => 0.9999);
        for (let i = 0; i < 50; i++) {
            assert.ok(backoff.next() < 31_000);
        }
    });

    it("starts again from the first delay after reset()", () => {
        const backoff = new ReconnectBackoff(DEFAULTS, () => 0);
        backoff.next();
        backoff.next();
        assert.equal(backoff.attempts, 2);
        backoff.reset();
        assert.equal(backoff.attempts, 0);
        assert.equal(backoff.next(), 1_500);
    });
});
