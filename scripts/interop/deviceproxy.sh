#!/usr/bin/env bash
# Interop check of the device proxy with real Redfish clients (issue 7, "Done when"):
#   starts target/sessiongate.jar and a bmc-sim on free ports, registers the simulated BMC as device sim1,
#   then reads /redfish/v1/Systems/1 of the BMC through the gateway with
#   1. Debian's redfishtool (apt-get install redfishtool), host based: Host sim1.<bmc-domain>, logging in
#      with -A Session to the gateway's SessionService; the host name must resolve to 127.0.0.1, so this
#      script adds "127.0.0.1 sim1.bmc.test" to /etc/hosts when it is missing (loopback only);
#   2. Debian's python3-sushy (apt-get install python3-sushy), path prefix: root_prefix /bmc/sim1/redfish/v1/,
#      SessionAuth with gateway credentials.
# Issue 14: the same two clients also read through the gateway two BMCs with habits of real firmware, both
# registered with the default "auth": "auto":
#   basic1: bmc-sim --no-session-service (HTTP Basic only, as older BMCs and bare emulators);
#   s204:   bmc-sim --login-status 204 --location none (a login answered 204 with a token and no Location).
# Exit status 0 when both clients read every system.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${SESSIONGATE_JAR:-$ROOT/target/sessiongate.jar}
PASSWORD=interop-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
PYTHON=/usr/bin/python3
DOMAIN=bmc.test
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)
free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
SIM=$(free_port)
WORK=$(mktemp -d)

SESSIONGATE_HTTP_HOST=127.0.0.1 SESSIONGATE_HTTP_PORT=$PORT SESSIONGATE_DATA_DIR=$WORK/data \
  SESSIONGATE_ADMIN_PASSWORD=$PASSWORD SESSIONGATE_DEVICES_BMC_DOMAIN=$DOMAIN \
  java -jar "$JAR" run >"$WORK/gateway.log" 2>&1 &
GATEWAY=$!
java -jar "$JAR" bmc-sim --port "$SIM" --max-sessions 16 --login-latency-ms 300 >"$WORK/sim.log" 2>&1 &
BMC=$!
BASIC_SIM=$(free_port)
java -jar "$JAR" bmc-sim --port "$BASIC_SIM" --no-session-service >"$WORK/sim-basic.log" 2>&1 &
BASIC_BMC=$!
S204_SIM=$(free_port)
java -jar "$JAR" bmc-sim --port "$S204_SIM" --login-status 204 --location none >"$WORK/sim-204.log" 2>&1 &
S204_BMC=$!
trap 'kill $GATEWAY $BMC $BASIC_BMC $S204_BMC 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  curl -skf "https://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$SIM/redfish/v1" >/dev/null 2>&1 \
    && curl -sf "http://127.0.0.1:$BASIC_SIM/redfish/v1" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$S204_SIM/redfish/v1" >/dev/null 2>&1 \
    && break
  sleep 0.5
done

TOKEN=$(curl -sk "https://127.0.0.1:$PORT/auth/token" -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
register() {
  curl -skf -o /dev/null "https://127.0.0.1:$PORT/admin/devices" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$1\",\"address\":\"http://127.0.0.1:$2\",\"tls\":{\"mode\":\"insecure\"},\"credentials\":{\"username\":\"root\",\"password\":\"calvin\"}}"
  echo "registered device $1 -> http://127.0.0.1:$2 ($3)"
}
register sim1 "$SIM" "bmc-sim, sessions answered 201"
register basic1 "$BASIC_SIM" "bmc-sim --no-session-service"
register s204 "$S204_SIM" "bmc-sim --login-status 204 --location none"

# requests honours these over verify=False; this machine sets them.
unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE
status=0
DEVICES="sim1 basic1 s204"
if command -v redfishtool >/dev/null; then
  for device in $DEVICES; do
    grep -q "$device.$DOMAIN" /etc/hosts || echo "127.0.0.1 $device.$DOMAIN" >>/etc/hosts
    if redfishtool -r "$device.$DOMAIN:$PORT" -S Always -A Session -u admin -p "$PASSWORD" Systems -1 >"$WORK/redfishtool.json" \
        && grep -q '"Simulated System"' "$WORK/redfishtool.json"; then
      echo "ok   redfishtool $device (host based, -A Session): $(grep -m1 '"@odata.id"' "$WORK/redfishtool.json" | tr -s ' ')"
    else
      echo "FAIL redfishtool $device"; cat "$WORK/redfishtool.json"; status=1
    fi
  done
else
  echo "skip redfishtool: not installed (apt-get install redfishtool)"; status=1
fi
if "$PYTHON" -c 'import sushy' 2>/dev/null; then
  for device in $DEVICES; do
    if "$PYTHON" - "$PORT" "$PASSWORD" "$device" <<'PY'
import sys, urllib3, sushy
urllib3.disable_warnings()
port, password, device = sys.argv[1], sys.argv[2], sys.argv[3]
root = sushy.Sushy(f"https://127.0.0.1:{port}", verify=False, root_prefix=f"/bmc/{device}/redfish/v1/",
                   auth=sushy.auth.SessionAuth(username="admin", password=password))
members = list(root.get_system_collection().members_identities)
system = root.get_system(members[0])
print(f"ok   sushy {device} (path prefix, SessionAuth): {members[0]} {system.name} power={system.power_state}")
PY
    then :; else echo "FAIL sushy $device"; status=1; fi
  done
else
  echo "skip sushy: not installed (apt-get install python3-sushy)"; status=1
fi
for device in basic1 s204; do
  echo "device $device as the gateway shows it: $(curl -sk "https://127.0.0.1:$PORT/admin/devices/$device" -H "Authorization: Bearer $TOKEN" \
    | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d.get(k) for k in ("auth", "authentication", "pool")}))')"
done
echo "BMC sessions: sim1 $(curl -s "http://127.0.0.1:$SIM/sim/stats")"
echo "              basic1 $(curl -s "http://127.0.0.1:$BASIC_SIM/sim/stats")"
echo "              s204 $(curl -s "http://127.0.0.1:$S204_SIM/sim/stats")"
exit $status
