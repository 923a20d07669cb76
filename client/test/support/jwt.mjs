// HS256 JSON Web Tokens (RFC 7519 with RFC 7515 compact serialisation), signed with
// node:crypto, as the Odoo backend mints them for the SFU (PROTOCOL.md §2).
import { createHmac, timingSafeEqual } from "node:crypto";

function base64url(data) {
    return Buffer.from(data).toString("base64url");
}

/** The raw HMAC key of a base64 AUTH_KEY (standard or url alphabet, padded or not). */
export function keyFromBase64(authKey) {
    return Buffer.from(authKey.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

export function signHs256(claims, key) {
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const payload = base64url(JSON.stringify(claims));
    const signature = createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url");
    return `${header}.${payload}.${signature}`;
}

/** The claims of a valid token, or undefined (wrong shape, algorithm, signature or expiry). */
export function verifyHs256(token, key) {
    if (typeof token !== "string") {
        return undefined;
    }
    const segments = token.split(".");
    if (segments.length !== 3) {
        return undefined;
    }
    const [header, payload, signature] = segments;
    try {
        if (JSON.parse(Buffer.from(header, "base64url").toString("utf8")).alg !== "HS256") {
            return undefined;
        }
        const expected = createHmac("sha256", key).update(`${header}.${payload}`).digest();
        const given = Buffer.from(signature, "base64url");
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
            return undefined;
        }
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
        if (!claims || typeof claims !== "object") {
            return undefined;
        }
        const now = Math.floor(Date.now() / 1000);
        if (claims.exp && claims.exp < now) {
            return undefined;
        }
        return claims;
    } catch {
        return undefined;
    }
}
