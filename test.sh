#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need (Chromium, npm packages),
# builds, runs the .NET tests, the client's Node tests, and the client against the real server, then ends with
# one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
logs=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$logs"
}
trap cleanup EXIT
status=0

# Chromium for the browser tests (Debian's package). Where it cannot be installed the tests that need it are skipped,
# except on CI (CI set), where they fail: a broken install must not pass green.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "warning: could not install chromium; browser tests will be skipped (or fail, on CI)"
fi

# The client bundle first: the server copies it to its output and serves it at /bundle/odoo_sfu.js.
(cd client && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build) || status=1

# .NET: build everything, run every test project (a test host hung for 5 minutes is stopped and fails the run).
if dotnet build Sfu.sln -c Release -nologo -clp:ErrorsOnly; then
    dotnet test Sfu.sln -c Release --no-build -nologo --blame-hang-timeout 5m --logger "console;verbosity=minimal" 2>&1 | tee "$logs/dotnet.log" || status=1
else
    echo "Passed!  - Failed:     1, Passed:     0, Skipped:     0 (build failed)" > "$logs/dotnet.log"
    status=1
fi

# The client bundle and its Node tests (node's built-in runner).
(cd client && npm test) 2>&1 | tee "$logs/client.log" || status=1

# The client against the real server, then a call in Chromium: start it in development mode (which serves the demo
# page) on a free loopback port with a known key, with the Beep mode on (off by default) for client/test/e2e/beep.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key=$(head -c 32 /dev/urandom | base64)
printf 'sfu.beep.enabled = true\n' > "$logs/test-server.conf"
SFU_CONFIG="$logs/test-server.conf" AUTH_KEY="$key" PUBLIC_IP=127.0.0.1 HTTP_INTERFACE=127.0.0.1 RTC_INTERFACE=127.0.0.1 PORT="$port" CHANNEL_SIZE=5 \
    LOG_LEVEL=warn "$root/src/Web/bin/Release/net10.0/Sfu.Web" --development > "$logs/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/v1/noop" >/dev/null 2>&1 && break
    sleep 0.2
done
(cd client && SFU_URL="http://127.0.0.1:$port" SFU_AUTH_KEY="$key" SFU_CHANNEL_SIZE=5 SFU_MEDIA=1 npm run --silent test:server) 2>&1 \
    | tee "$logs/against-server.log" || status=1
(cd client && SFU_URL="http://127.0.0.1:$port" npm run --silent test:e2e) 2>&1 | tee "$logs/e2e.log" || status=1
kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
server_pid=""

# The names of failed tests again, so that the end of a long log says which ones failed ("Failed Name [time]" from
# dotnet test, "not ok N - name" from node's runner), then one closing line for the whole run.
failures=$(grep -hE '^\s*Failed [A-Za-z_]|^\s*not ok [0-9]' "$logs/dotnet.log" "$logs/client.log" "$logs/against-server.log" "$logs/e2e.log")
if [ -n "$failures" ]; then
    echo "Failed tests:"
    echo "$failures"
fi
awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      v = $(i+1); gsub(",", "", v)
      if ($i == "Failed:") failed += v; if ($i == "Passed:") passed += v; if ($i == "Skipped:") skipped += v
    }
  }
  /^# pass / { passed += $3 }
  /^# fail / { failed += $3 }
  /^# cancelled / { failed += $3 }
  /^# skipped / { skipped += $3 }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$logs/dotnet.log" "$logs/client.log" "$logs/against-server.log" "$logs/e2e.log"
exit "$status"
