#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need, builds, tests.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Sfu.sln -c Release
dotnet test Sfu.sln -c Release --no-build --logger "console;verbosity=normal"
