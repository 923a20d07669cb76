// What the browser and real-server tests need from the machine, and what happens when it is missing: on a
// developer's machine the test is skipped with the reason; on CI (the CI variable set, as CI services do) it fails,
// because there everything is installed on purpose and a silent skip would let a broken setup pass.
import { existsSync } from "node:fs";
import { it } from "node:test";

/** The Chromium to drive: CHROMIUM_PATH, or Debian's and Ubuntu's usual paths; undefined when there is none. */
export const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
    (path) => path && existsSync(path),
);

export const MISSING_CHROMIUM = CHROMIUM ? undefined : "no Chromium found (install the chromium package or set CHROMIUM_PATH)";

const ON_CI = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

/**
 * The `skip` option of a test or suite that needs something: the reason when `missing` says what is missing and we
 * are not on CI, false otherwise (the test then runs and must call requirePresent first).
 * @param {string | undefined} missing
 */
export function skipUnlessPresent(missing) {
    return missing && !ON_CI ? missing : false;
}

/**
 * Fails when `missing` says something is missing: reached only on CI, where skipUnlessPresent does not skip.
 * @param {string | undefined} missing
 */
export function requirePresent(missing) {
    if (missing) {
        throw new Error(`${missing}; CI is set, so this is a failure rather than a skip`);
    }
}

/**
 * A test (node:test `it`) that needs what `missing` lists (one reason per requirement, undefined when it is met):
 * skipped with the first reason on a developer's machine, failed with it on CI.
 * @param {(string | undefined)[]} missing
 * @param {string} name
 * @param {(t: import("node:test").TestContext) => Promise<void> | void} body
 */
export function itNeeds(missing, name, body) {
    const reason = missing.find(Boolean);
    return it(name, { skip: skipUnlessPresent(reason) }, async (t) => {
        requirePresent(reason);
        await body(t);
    });
}
