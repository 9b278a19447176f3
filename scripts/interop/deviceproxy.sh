#!/usr/bin/env bash
# Interop check of the device proxy with real Redfish clients (issue 7, "Done when"):
#   starts target/sessiongate.jar and a bmc-sim on free ports, registers the simulated BMC as device sim1,
#   then reads /redfish/v1/Systems/1 of the BMC through the gateway with
#   1. Debian's redfishtool (apt-get install redfishtool), host based: Host sim1.<bmc-domain>, logging in
#      with -A Session to the gateway's SessionService; the host name must resolve to 127.0.0.1, so this
#      script adds "127.0.0.1 sim1.bmc.test" to /etc/hosts when it is missing (loopback only);
#   2. Debian's python3-sushy (apt-get install python3-sushy), path prefix: root_prefix /bmc/sim1/redfish/v1/,
#      SessionAuth with gateway credentials.
# Exit status 0 when both clients read the system.
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
trap 'kill $GATEWAY $BMC 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  curl -skf "https://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$SIM/redfish/v1" >/dev/null 2>&1 && break
  sleep 0.5
done

TOKEN=$(curl -sk "https://127.0.0.1:$PORT/auth/token" -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
curl -skf -o /dev/null "https://127.0.0.1:$PORT/admin/devices" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"id\":\"sim1\",\"address\":\"http://127.0.0.1:$SIM\",\"tls\":{\"mode\":\"insecure\"},\"credentials\":{\"username\":\"root\",\"password\":\"calvin\"}}"
echo "registered device sim1 -> http://127.0.0.1:$SIM"

# requests honours these over verify=False; this machine sets them.
unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE
status=0
if command -v redfishtool >/dev/null; then
  grep -q "sim1.$DOMAIN" /etc/hosts || echo "127.0.0.1 sim1.$DOMAIN" >>/etc/hosts
  if redfishtool -r "sim1.$DOMAIN:$PORT" -S Always -A Session -u admin -p "$PASSWORD" Systems -1 >"$WORK/redfishtool.json" \
      && grep -q '"Simulated System"' "$WORK/redfishtool.json"; then
    echo "ok   redfishtool (host based, -A Session): $(grep -m1 '"@odata.id"' "$WORK/redfishtool.json" | tr -s ' ')"
  else
    echo "FAIL redfishtool"; cat "$WORK/redfishtool.json"; status=1
  fi
else
  echo "skip redfishtool: not installed (apt-get install redfishtool)"; status=1
fi
if "$PYTHON" -c 'import sushy' 2>/dev/null; then
  if "$PYTHON" - "$PORT" "$PASSWORD" <<'PY'
import sys, urllib3, sushy
urllib3.disable_warnings()
port, password = sys.argv[1], sys.argv[2]
root = sushy.Sushy(f"https://127.0.0.1:{port}", verify=False, root_prefix="/bmc/sim1/redfish/v1/",
                   auth=sushy.auth.SessionAuth(username="admin", password=password))
members = list(root.get_system_collection().members_identities)
system = root.get_system(members[0])
print(f"ok   sushy (path prefix, SessionAuth): {members[0]} {system.name} power={system.power_state}")
PY
  then :; else echo "FAIL sushy"; status=1; fi
else
  echo "skip sushy: not installed (apt-get install python3-sushy)"; status=1
fi
echo "BMC sessions: $(curl -s "http://127.0.0.1:$SIM/sim/stats")"
exit $status
