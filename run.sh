#!/usr/bin/env bash
# Runs the server in development mode on a fresh machine: 127.0.0.1, a generated AUTH_KEY that it prints.
# Environment variables (PORT, AUTH_KEY, ...) still override the development defaults.
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet run --project src/Web/Sfu.Web.csproj -c Release -- --development "$@"
