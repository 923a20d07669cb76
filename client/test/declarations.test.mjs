import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const bundleTypes = fileURLToPath(new URL("../bundle/odoo_sfu.d.ts", import.meta.url));

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
