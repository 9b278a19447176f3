#!/usr/bin/env bash
# Drives SessionGate's Murano API with Debian's python3-muranoclient (apt-get install python3-muranoclient):
# create environment -> configure (open a session) -> add services with the session header
# (environment-apps-edit's PUT, and the library's POST) -> deploy -> show environment (ready, version 1);
# a second deploy -> deployment-list (two, newest first, with their states) -> deployment reports and
# lastStatus (the library) -> environment-model-show / environment-model-edit;
# env-template-create -> env-template-add-app -> env-template-create-env -> deploy that environment's session.
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

await_not_deploying() {
  for _ in $(seq 1 40); do
    status=$(murano environment-show "$1" | awk '$2 == "status" {print $4}')
    [[ "$status" != "deploying" ]] && break
    sleep 0.25
  done
}

echo "== a second deploy: environment-session-create, environment-model-edit (JSON patch), environment-deploy"
session2=$(murano environment-session-create "$env_id" | awk '$2 == "id" {print $4}')
patch=$(mktemp)
echo '[{"op": "replace", "path": "/name", "value": "renamed-by-model-edit"}]' > "$patch"
murano environment-model-edit --session-id "$session2" "$env_id" "$patch" | grep -E '"name": "renamed-by-model-edit"' \
  && echo "OK: environment-model-edit changed the session's draft" || { echo "FAILED: environment-model-edit"; exit 1; }
rm -f "$patch"
murano environment-deploy --session-id "$session2" "$env_id" > /dev/null
await_not_deploying "$env_id"

echo "== deployment-list $env_id"
listing=$(murano deployment-list "$env_id")
echo "$listing"
rows=$(grep -cE '^\| [0-9a-f]{32} ' <<< "$listing" || true)
[[ "$rows" == 2 ]] && echo "OK: two deployments" || { echo "FAILED: expected two deployments, got $rows"; exit 1; }

echo "== deployments.list / reports / environments.last_status (python-muranoclient library, as murano-dashboard calls them)"
/usr/bin/python3 - "$env_id" "$session2" <<'PY'
import os, sys
from muranoclient.v1 import client
mc = client.Client(os.environ["MURANO_URL"], token=os.environ["OS_AUTH_TOKEN"], insecure=True)
env_id, session = sys.argv[1:3]
deployments = mc.deployments.list(env_id)
print("deployments (newest first):", [(d.id, d.state, d.started) for d in deployments])
assert len(deployments) == 2 and deployments[0].started >= deployments[1].started, "newest first"
assert all(d.state == "success" for d in deployments), [d.state for d in deployments]
reports = mc.deployments.reports(env_id, deployments[0].id)
print("reports of the newest:", [(r.level, r.text) for r in reports])
assert [r.text for r in reports] == ["Action deploy is scheduled", "Deployment finished"], reports
statuses = mc.environments.last_status(env_id, session)
print("lastStatus (services reported on):", {k: v.text for k, v in statuses.items()})
print("all environments' deployments:", len(mc.deployments.list(None, all_environments=True)))
PY

# python-muranoclient 2.5.0's environment-model-show fails in the client without --session-id (it logs its
# request with a None header value: "<class 'NoneType'> can't be decoded"); a deployed session shows the
# deployed model, as Murano does.
echo "== environment-model-show --session-id $session2 $env_id (the deployed model)"
model=$(murano environment-model-show --session-id "$session2" "$env_id")
echo "$model" | head -40
grep -q '"name": "renamed-by-model-edit"' <<< "$model" && grep -q '"svc-web"' <<< "$model" \
  && echo "OK: the deployed model has the edit and the services" || { echo "FAILED: environment-model-show"; exit 1; }
murano environment-model-show --session-id "$session2" --path /services/svc-web/name "$env_id"

echo "== env-template-create / env-template-add-app / env-template-create-env"
template_name=tpl-$(date +%s)
murano env-template-create "$template_name"
template_id=$(murano env-template-list | awk -v n="$template_name" '$4 == n {print $2}')
app=$(mktemp)
echo '{"?": {"id": "svc-from-template", "type": "io.murano.apps.linux.Telnet"}, "name": "telnet-from-template"}' > "$app"
murano env-template-add-app "$template_id" "$app"
rm -f "$app"
created=$(murano env-template-create-env "$template_id" "env-from-$template_name")
echo "$created"
new_env=$(awk '$2 == "environment_id" {print $4}' <<< "$created")
new_session=$(awk '$2 == "session_id" {print $4}' <<< "$created")
echo "== environment-deploy --session-id $new_session $new_env"
murano environment-deploy --session-id "$new_session" "$new_env" > /dev/null
await_not_deploying "$new_env"
shown=$(murano environment-show "$new_env")
echo "$shown"
grep -qE '\| status +\| ready ' <<< "$shown" && grep -q 'svc-from-template' <<< "$shown" \
  && echo "OK: the environment made from the template deployed its application" \
  || { echo "FAILED: expected the template's application deployed"; exit 1; }
murano deployment-list "$new_env"

if [[ -n "${gateway:-}" ]]; then
  echo "== Keystone v3 password login (--os-auth-url .../identity/v3), then environment-list"
  env -u OS_AUTH_TOKEN -u MURANO_URL murano --insecure --os-auth-url "https://127.0.0.1:$PORT/identity/v3" \
    --os-username admin \
    --os-password "$ADMIN_PASSWORD" --os-project-name admin --os-user-domain-id default \
    --os-project-domain-id default environment-list 2>&1 | { grep -v 'Could not initialize glance client' || true; }
fi
