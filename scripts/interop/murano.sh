#!/usr/bin/env bash
# Drives SessionGate's Murano API with Debian's python3-muranoclient (apt-get install python3-muranoclient):
# create environment -> configure (open a session) -> add services with the session header
# (environment-apps-edit's PUT, and the library's POST) -> deploy -> show environment (ready, version 1).
#
# Starts target/sessiongate.jar (in-memory store, built-in deployer) on $PORT unless MURANO_URL and
# OS_AUTH_TOKEN are given, in which case it drives that gateway instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONWARNINGS=ignore

PORT=${PORT:-28443}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-interop-admin-password}
if [[ -z "${MURANO_URL:-}" ]]; then
  work=$(mktemp -d)
  SESSIONGATE_HTTP_PORT=$PORT SESSIONGATE_DATA_DIR=$work SESSIONGATE_ADMIN_PASSWORD=$ADMIN_PASSWORD \
    java -jar target/sessiongate.jar > "$work/gateway.log" 2>&1 &
  gateway=$!
  trap 'status=$?; kill $gateway 2>/dev/null; wait $gateway 2>/dev/null || true; rm -rf "$work"; exit $status' EXIT
  for _ in $(seq 1 120); do
    curl -skf "https://127.0.0.1:$PORT/health/ready" > /dev/null && break
    sleep 0.5
  done
  MURANO_URL=https://127.0.0.1:$PORT/murano
  OS_AUTH_TOKEN=$(curl -sk -X POST "https://127.0.0.1:$PORT/auth/token" -H 'Content-Type: application/json' \
    -d "{\"login\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
fi
export MURANO_URL OS_AUTH_TOKEN

murano() {
  # --os-no-client-auth: no Keystone; the gateway token goes as X-Auth-Token to --murano-url.
  command murano --insecure --os-no-client-auth --murano-url "$MURANO_URL" --os-auth-token "$OS_AUTH_TOKEN" "$@" \
    2>&1 | { grep -v 'Could not initialize glance client' || true; }
  return "${PIPESTATUS[0]}"
}

name=interop-$(date +%s)
echo "== environment-create $name"
murano environment-create "$name"
env_id=$(murano environment-list | awk -v n="$name" '$4 == n {print $2}')

echo "== environment-session-create $env_id"
session=$(murano environment-session-create "$env_id" | awk '$2 == "id" {print $4}')
echo "session $session"

echo "== environment-apps-edit --session-id $session (PUT .../services/ with X-Configuration-Session)"
patch=$(mktemp)
echo '[{"op": "add", "path": "/-", "value": {"?": {"id": "===id1===", "type": "io.murano.apps.linux.Telnet"}, "name": "telnet"}}]' > "$patch"
murano environment-apps-edit --session-id "$session" "$env_id" "$patch"
rm -f "$patch"

echo "== services.post (POST .../services with X-Configuration-Session), python-muranoclient library"
/usr/bin/python3 - "$env_id" "$session" <<'PY'
import os, sys
from muranoclient.v1 import client
mc = client.Client(os.environ["MURANO_URL"], token=os.environ["OS_AUTH_TOKEN"], insecure=True)
env_id, session = sys.argv[1:3]
mc.services.post(env_id, path="/", data={"?": {"id": "svc-web", "type": "io.murano.apps.apache.ApacheHttpServer"},
                                           "name": "web"}, session_id=session)
print("draft services:", [s.name for s in mc.services.list(env_id, session_id=session)])
PY

echo "== environment-deploy --session-id $session $env_id"
murano environment-deploy --session-id "$session" "$env_id" > /dev/null

for _ in $(seq 1 40); do
  status=$(murano environment-show "$env_id" | awk '$2 == "status" {print $4}')
  [[ "$status" != "deploying" ]] && break
  sleep 0.25
done
echo "== environment-show $env_id"
murano environment-show "$env_id"
shown=$(murano environment-show "$env_id")
grep -qE '\| status +\| ready ' <<< "$shown" && grep -qE '\| version +\| 1 ' <<< "$shown" \
  && echo "OK: status ready, version 1" || { echo "FAILED: expected status ready, version 1"; exit 1; }

if [[ -n "${gateway:-}" ]]; then
  echo "== Keystone v3 password login (--os-auth-url .../identity/v3), then environment-list"
  env -u OS_AUTH_TOKEN -u MURANO_URL murano --insecure --os-auth-url "https://127.0.0.1:$PORT/identity/v3" \
    --os-username admin \
    --os-password "$ADMIN_PASSWORD" --os-project-name admin --os-user-domain-id default \
    --os-project-domain-id default environment-list 2>&1 | { grep -v 'Could not initialize glance client' || true; }
fi
