#!/usr/bin/env bash
# Runs the server in development mode on a fresh machine: 127.0.0.1, a generated AUTH_KEY that it prints.
# Environment variables (PORT, AUTH_KEY, ...) still override the development defaults.
set -euo pipefail
cd "$(dirname "$0")"
# The client bundle (served at /bundle/odoo_sfu.js and used by the demo page at /demo), when missing or stale.
if [ ! -f client/bundle/odoo_sfu.js ] || [ -n "$(find client/src client/package-lock.json -newer client/bundle/odoo_sfu.js)" ]; then
    (cd client && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
fi
exec dotnet run --project src/Web/Sfu.Web.csproj -c Release -- --development "$@"
