import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const bundleTypes = fileURLToPath(new URL("../bundle/odoo_sfu.d.ts", import.meta.url));

describe("the README's client example", () => {
    it("is examples/call.js (which the next suite type-checks), importing the bundle from the server", () => {
        const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
        const example = readFileSync(new URL("../examples/call.js", import.meta.url), "utf8");
        const served = example.slice(example.indexOf("import {")).replaceAll('"../bundle/odoo_sfu.js"', '"/bundle/odoo_sfu.js"');
        const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map(([, code]) => code);
        const shown = blocks.find((code) => code.includes("new SfuClient("));
        assert.ok(shown, "the README shows a ```js block that creates an SfuClient");
        assert.equal(shown, served, "the README's example differs from client/examples/call.js: copy the file into it");
    });
});

describe("bundle/odoo_sfu.d.ts", () => {
    it("stands alone: it imports nothing, not even mediasoup-client", () => {
        const declarations = readFileSync(bundleTypes, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
        assert.doesNotMatch(declarations, /^\s*import\s|\bimport\(|\sfrom\s+["']/m);
        assert.match(declarations, /export declare class SfuClient extends EventTarget/);
        assert.match(declarations, /export declare const SFU_CLIENT_STATE/);
    });

    it("type-checks a TypeScript caller and the README example, and rejects misuse", async () => {
        const project = fileURLToPath(new URL("./fixtures/tsconfig.declarations.json", import.meta.url));
        const output = await new Promise((resolve) => {
            execFile(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project], (error, stdout, stderr) =>
                resolve({ code: error ? error.code : 0, text: `${stdout}${stderr}` }),
            );
        });
        assert.equal(output.code, 0, output.text);
    });
});
