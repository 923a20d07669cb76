// Imports one TypeScript module of src/ (with what it imports) for unit tests, compiled in
// memory by esbuild, so that internals such as the bus can be tested without the bundle.
import { build } from "esbuild";

export async function importSource(relativePath) {
    const entry = new URL(`../../src/${relativePath}`, import.meta.url);
    const result = await build({
        entryPoints: [entry.pathname],
        bundle: true,
        format: "esm",
        platform: "neutral",
        target: "es2022",
        write: false,
        logLevel: "error",
    });
    const code = result.outputFiles[0].text;
    return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}
