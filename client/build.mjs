// Builds bundle/odoo_sfu.js (one ES module, mediasoup-client included) and
// bundle/odoo_sfu.d.ts (one self-contained declaration file) from src/.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

import { build } from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const outDir = join(root, "bundle");
const ownPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const mediasoupPackage = JSON.parse(
    readFileSync(join(dirname(require.resolve("mediasoup-client")), "..", "package.json"), "utf8"),
);

mkdirSync(outDir, { recursive: true });

await build({
    entryPoints: [join(root, "src", "index.ts")],
    outfile: join(outDir, "odoo_sfu.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Odoo's asset pipeline recognises its modules by this first-line comment.
    banner: { js: "/* @odoo-module */" },
    define: {
        __SFU_CLIENT_VERSION__: JSON.stringify(ownPackage.version),
        __MEDIASOUP_CLIENT_VERSION__: JSON.stringify(mediasoupPackage.version),
    },
    legalComments: "eof",
    logLevel: "warning",
});

// tsc writes one declaration file per source file; the public ones (types, SfuClient, index)
// only import each other, so joining them without their import/re-export statements gives a
// single module that needs nothing else.
const declarationDir = mkdtempSync(join(tmpdir(), "sfu-client-dts-"));
try {
    execFileSync(
        process.execPath,
        [
            require.resolve("typescript/bin/tsc"),
            "-p", join(root, "tsconfig.json"),
            "--declaration", "--emitDeclarationOnly",
            "--outDir", declarationDir,
        ],
        { stdio: "inherit" },
    );
    const parts = ["types.d.ts", "SfuClient.d.ts", "index.d.ts"].map((file) =>
        readFileSync(join(declarationDir, file), "utf8")
            .replace(/^import\s[\s\S]*?\sfrom\s+["'][^"']+["'];[ \t]*\n/gm, "")
            .replace(/^export\s+(?:type\s+)?\{[\s\S]*?\}\s+from\s+["'][^"']+["'];[ \t]*\n/gm, "")
            .replace(/^export \{\};[ \t]*\n/gm, "")
            .trim(),
    );
    const declarations = `${parts.join("\n\n")}\n`;
    const leftover = declarations.match(/^\s*(import\s|export\s.*\sfrom\s)|import\(/m);
    if (leftover) {
        throw new Error(`odoo_sfu.d.ts still references another module: ${leftover[0]}`);
    }
    writeFileSync(join(outDir, "odoo_sfu.d.ts"), declarations);
} finally {
    rmSync(declarationDir, { recursive: true, force: true });
}

console.log(`built bundle/odoo_sfu.js and bundle/odoo_sfu.d.ts (mediasoup-client ${mediasoupPackage.version})`);
