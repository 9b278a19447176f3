#!/usr/bin/env bash
# The full-length checks of issue 14 (the tests run shorter versions of them):
#   1. bmc-sim --close-after 7: 64 concurrent clients GET Systems/1 through the gateway for 60 s; prints the GETs,
#      the failures (goal 0) and the requests the gateway re-sent on a fresh connection (its metric).
#   2. bmc-sim --session-limit-style xcc --max-sessions 3, the device registered with maxSessions 8: 64 clients for
#      20 s; prints the failures (goal 0), the BMC's peak sessions (goal <= 3) and the effective pool (goal 3).
#   3. bmc-sim --session-timeout 40: one GET, 60 s idle, one GET; prints the BMC's 401s (goal 0).
# Usage: scripts/interop/deviceproxy-habits.sh [seconds of check 1, default 60]
# Exit status 0 when every goal is met.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${SESSIONGATE_JAR:-$ROOT/target/sessiongate.jar}
SECONDS_1=${1:-60}
PASSWORD=habits-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
PYTHON=/usr/bin/python3
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)
free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
CLOSE=$(free_port)
LIMIT=$(free_port)
TIMEOUT=$(free_port)
WORK=$(mktemp -d)

SESSIONGATE_HTTP_HOST=127.0.0.1 SESSIONGATE_HTTP_PORT=$PORT SESSIONGATE_DATA_DIR=$WORK/data \
  SESSIONGATE_ADMIN_PASSWORD=$PASSWORD java -jar "$JAR" run >"$WORK/gateway.log" 2>&1 &
PIDS=$!
java -jar "$JAR" bmc-sim --port "$CLOSE" --close-after 7 --login-latency-ms 300 >"$WORK/sim-close.log" 2>&1 &
PIDS="$PIDS $!"
java -jar "$JAR" bmc-sim --port "$LIMIT" --session-limit-style xcc --max-sessions 3 --login-latency-ms 300 \
  --answer-latency-ms 50 >"$WORK/sim-limit.log" 2>&1 &
PIDS="$PIDS $!"
java -jar "$JAR" bmc-sim --port "$TIMEOUT" --session-timeout 40 >"$WORK/sim-timeout.log" 2>&1 &
PIDS="$PIDS $!"
trap 'kill $PIDS 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  curl -skf "https://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$CLOSE/redfish/v1" >/dev/null 2>&1 \
    && curl -sf "http://127.0.0.1:$LIMIT/redfish/v1" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$TIMEOUT/redfish/v1" >/dev/null 2>&1 \
    && break
  sleep 0.5
done
TOKEN=$(curl -sk "https://127.0.0.1:$PORT/auth/token" -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
register() {
  curl -skf -o /dev/null "https://127.0.0.1:$PORT/admin/devices" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$1\",\"address\":\"http://127.0.0.1:$2\",\"tls\":{\"mode\":\"insecure\"},\"credentials\":{\"username\":\"root\",\"password\":\"calvin\"},\"maxSessions\":$3}"
}
register close7 "$CLOSE" 4
register xcc3 "$LIMIT" 8
register timeout40 "$TIMEOUT" 4
resent() { curl -sk "https://127.0.0.1:$PORT/metrics" | awk '/^sessiongate_deviceproxy_requests_resent_total/ {print $2}'; }

# 64 threads, each on its own keep-alive connection, GET one URL until the time is up; prints "gets failures".
load() {
  "$PYTHON" - "$PORT" "$TOKEN" "$1" "$2" <<'PY'
import http.client, ssl, sys, threading, time
port, token, path, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
context = ssl._create_unverified_context()
until = time.time() + seconds
counts = {"gets": 0, "failures": 0}
examples = []
lock = threading.Lock()
def client():
    connection = None
    while time.time() < until:
        try:
            if connection is None:
                connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
            connection.request("GET", path, headers={"Authorization": "Bearer " + token})
            response = connection.getresponse()
            body = response.read()
            ok = response.status == 200
        except Exception as e:  # a gateway connection problem counts as a failure too
            ok, body, connection = False, str(e).encode(), None
        with lock:
            counts["gets"] += 1
            if not ok:
                counts["failures"] += 1
                if len(examples) < 3:
                    examples.append(body[:200])
threads = [threading.Thread(target=client) for _ in range(64)]
[t.start() for t in threads]
[t.join() for t in threads]
print(counts["gets"], counts["failures"], *examples)
PY
}

status=0
before=$(resent)
read -r gets failures rest <<<"$(load /bmc/close7/redfish/v1/Systems/1 "$SECONDS_1")"
closed=$(curl -s "http://127.0.0.1:$CLOSE/sim/stats" | sed 's/.*"connectionsClosed":\([0-9]*\).*/\1/')
echo "1. --close-after 7, 64 clients, ${SECONDS_1} s: $gets GETs, $failures failed, $(awk "BEGIN {print $(resent) - $before}") re-sent, $closed connections closed by the BMC ${rest:-}"
[ "$failures" = 0 ] || status=1

read -r gets failures rest <<<"$(load /bmc/xcc3/redfish/v1/Systems/1 20)"
stats=$(curl -s "http://127.0.0.1:$LIMIT/sim/stats")
pool=$(curl -sk "https://127.0.0.1:$PORT/admin/devices/xcc3" -H "Authorization: Bearer $TOKEN" | "$PYTHON" -c 'import json,sys; print(json.dumps(json.load(sys.stdin).get("pool")))')
peak=$(echo "$stats" | sed 's/.*"peakSessions":\([0-9]*\).*/\1/')
effective=$(echo "$pool" | sed 's/.*"effective": \([0-9]*\).*/\1/')
echo "2. --session-limit-style xcc --max-sessions 3, maxSessions 8, 64 clients, 20 s: $gets GETs, $failures failed, BMC peak $peak, pool $pool ${rest:-}"
[ "$failures" = 0 ] && [ "$peak" -le 3 ] && [ "$effective" = 3 ] || status=1

first=$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$PORT/bmc/timeout40/redfish/v1/Systems/1" -H "Authorization: Bearer $TOKEN")
sleep 60
second=$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$PORT/bmc/timeout40/redfish/v1/Systems/1" -H "Authorization: Bearer $TOKEN")
stats=$(curl -s "http://127.0.0.1:$TIMEOUT/sim/stats")
unauthorized=$(echo "$stats" | sed 's/.*"unauthorized":\([0-9]*\).*/\1/')
echo "3. --session-timeout 40: GET $first, 60 s idle, GET $second; BMC $stats"
[ "$first" = 200 ] && [ "$second" = 200 ] && [ "$unauthorized" = 0 ] || status=1
exit $status
