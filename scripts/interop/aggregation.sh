#!/usr/bin/env bash
# Interop check of the Redfish aggregation (issue 17, "Done when"): starts target/sessiongate.jar and three bmc-sims
# on free ports, registers them (devices agg1..agg3), then, against the gateway's own root /redfish/v1/:
#   1. Debian's redfishtool (apt-get install redfishtool): `Systems list` with -A Session must show three systems;
#   2. Debian's python3-sushy (apt-get install python3-sushy): the system collection has three members and each
#      one's PowerState is read;
#   3. one bmc-sim stopped: the merged Systems (curl) lists the other two with an ExtendedInfo naming agg3.
# Exit status 0 when all three hold.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${SESSIONGATE_JAR:-$ROOT/target/sessiongate.jar}
PASSWORD=interop-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
PYTHON=/usr/bin/python3
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)
free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
WORK=$(mktemp -d)

SESSIONGATE_HTTP_HOST=127.0.0.1 SESSIONGATE_HTTP_PORT=$PORT SESSIONGATE_DATA_DIR=$WORK/data \
  SESSIONGATE_ADMIN_PASSWORD=$PASSWORD java -jar "$JAR" run >"$WORK/gateway.log" 2>&1 &
PIDS="$!"
SIMS=""
for i in 1 2 3; do
  sim=$(free_port)
  java -jar "$JAR" bmc-sim --port "$sim" --max-sessions 8 >"$WORK/sim$i.log" 2>&1 &
  PIDS="$PIDS $!"
  SIMS="$SIMS $sim"
  eval "SIM_PID_$i=$!"
done
trap 'kill $PIDS 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  ready=1
  curl -skf "https://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 || ready=0
  for sim in $SIMS; do curl -sf "http://127.0.0.1:$sim/redfish/v1" >/dev/null 2>&1 || ready=0; done
  [ $ready = 1 ] && break
  sleep 0.5
done

TOKEN=$(curl -sk "https://127.0.0.1:$PORT/auth/token" -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
i=0
for sim in $SIMS; do
  i=$((i + 1))
  curl -skf -o /dev/null "https://127.0.0.1:$PORT/admin/devices" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"id\":\"agg$i\",\"address\":\"http://127.0.0.1:$sim\",\
\"tls\":{\"mode\":\"insecure\"},\"credentials\":{\"username\":\"root\",\"password\":\"calvin\"},\"timeoutMs\":2000}"
  echo "registered device agg$i -> http://127.0.0.1:$sim"
done

# requests honours these over verify=False; this machine sets them.
unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE
status=0
if command -v redfishtool >/dev/null; then
  if redfishtool -r "127.0.0.1:$PORT" -S Always -A Session -u admin -p "$PASSWORD" Systems list >"$WORK/rt.txt" 2>&1 \
      && [ "$(grep -c '/redfish/v1/Systems/agg[123]_1' "$WORK/rt.txt")" -ge 3 ]; then
    echo "ok   redfishtool Systems list: $(grep -o '/redfish/v1/Systems/agg[123]_1' "$WORK/rt.txt" | sort -u | tr '\n' ' ')"
  else
    echo "FAIL redfishtool Systems list"; cat "$WORK/rt.txt"; status=1
  fi
else
  echo "skip redfishtool: not installed (apt-get install redfishtool)"; status=1
fi
if "$PYTHON" -c 'import sushy' 2>/dev/null; then
  if "$PYTHON" - "$PORT" "$PASSWORD" <<'PY'
import sys, urllib3, sushy
from sushy import auth
urllib3.disable_warnings()
port, password = sys.argv[1], sys.argv[2]
root = sushy.Sushy("https://127.0.0.1:%s/redfish/v1/" % port, verify=False,
                   auth=auth.SessionAuth(username="admin", password=password))
systems = root.get_system_collection()
ids = sorted(systems.members_identities)
assert len(ids) == 3, ids
for identity in ids:
    system = root.get_system(identity)
    print("ok   sushy %s PowerState %s" % (identity, system.power_state))
    assert system.power_state is not None
PY
  then :; else echo "FAIL sushy"; status=1; fi
else
  echo "skip sushy: not installed (apt-get install python3-sushy)"; status=1
fi

kill "$SIM_PID_3"
wait "$SIM_PID_3" 2>/dev/null || true
start=$(date +%s%N)
curl -sk "https://127.0.0.1:$PORT/redfish/v1/Systems" -H "Authorization: Bearer $TOKEN" >"$WORK/partial.json"
took=$(( ($(date +%s%N) - start) / 1000000 ))
if "$PYTHON" - "$WORK/partial.json" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))
members = sorted(m["@odata.id"] for m in body["Members"])
assert members == ["/redfish/v1/Systems/agg1_1", "/redfish/v1/Systems/agg2_1"], members
info = body["@Message.ExtendedInfo"]
assert len(info) == 1 and "agg3" in info[0]["Message"], info
print("ok   agg3 stopped: %s listed; %s: %s" % (members, info[0]["MessageId"], info[0]["Message"]))
PY
then echo "     (answered in $took ms; device timeout 2000 ms)"; else echo "FAIL one stopped"; cat "$WORK/partial.json"; status=1; fi
[ $status = 0 ] || { echo "--- gateway log"; tail -30 "$WORK/gateway.log"; }
exit $status
