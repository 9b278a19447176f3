#!/usr/bin/env bash
# Three SessionGate nodes on this machine, one PostgreSQL, a Hazelcast cluster on 127.0.0.1:
#   node 1: https://127.0.0.1:8443  Hazelcast 5701      node 2: :8444 / 5702      node 3: :8445 / 5703
# Usage: SESSIONGATE_PG_URI=postgresql://user:password@127.0.0.1:5432/sessiongate scripts/cluster-3-nodes.sh
# Logs and each node's data directory go to ./cluster-run/. Ctrl-C (or SIGTERM) drains and stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${SESSIONGATE_PG_URI:?set SESSIONGATE_PG_URI=postgresql://user:password@host:port/database}"
JAR=${SESSIONGATE_JAR:-target/sessiongate.jar}
[ -f "$JAR" ] || { echo "no $JAR: build it first with 'mvn -B -DskipTests package'" >&2; exit 1; }
RUN_DIR=${SESSIONGATE_RUN_DIR:-cluster-run}
mkdir -p "$RUN_DIR"

# Every node must sign and verify the same tokens and unseal the same BMC credentials: one key each,
# generated once and kept in the run directory.
for secret in jwt device-credentials; do
  [ -s "$RUN_DIR/$secret.key" ] || head -c 32 /dev/urandom | base64 > "$RUN_DIR/$secret.key"
done
ADMIN_PASSWORD=${SESSIONGATE_ADMIN_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')}

export SESSIONGATE_STORE=postgres
export SESSIONGATE_PG_URI
export SESSIONGATE_AUTH_JWT_SECRET=$(cat "$RUN_DIR/jwt.key")
export SESSIONGATE_DEVICES_CREDENTIAL_KEY=$(cat "$RUN_DIR/device-credentials.key")
export SESSIONGATE_ADMIN_PASSWORD=$ADMIN_PASSWORD
export SESSIONGATE_CLUSTER_NAME=${SESSIONGATE_CLUSTER_NAME:-sessiongate-local}
export SESSIONGATE_CLUSTER_HOST=127.0.0.1
export SESSIONGATE_CLUSTER_MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703

pids=()
stop_all() {
  trap - INT TERM
  echo "draining the nodes (SIGTERM)..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  exit 0
}
trap stop_all INT TERM

start_node() {
  local n=$1
  mkdir -p "$RUN_DIR/node-$n"
  SESSIONGATE_HTTP_PORT=$((8442 + n)) \
  SESSIONGATE_CLUSTER_PORT=$((5700 + n)) \
  SESSIONGATE_DATA_DIR="$RUN_DIR/node-$n" \
    java -jar "$JAR" run --cluster > "$RUN_DIR/node-$n.log" 2>&1 &
  pids+=($!)
}

wait_listening() {
  local n=$1
  for _ in $(seq 1 120); do
    if grep -q "SessionGate listening" "$RUN_DIR/node-$n.log"; then return 0; fi
    if ! kill -0 "${pids[$((n - 1))]}" 2>/dev/null; then
      echo "node $n exited:" >&2; cat "$RUN_DIR/node-$n.log" >&2; stop_all
    fi
    sleep 0.5
  done
  echo "node $n did not start within 60 s; see $RUN_DIR/node-$n.log" >&2
  stop_all
}

# Node 1 first: it applies the schema migrations and creates the admin account; then the other two.
start_node 1
wait_listening 1
start_node 2
start_node 3
wait_listening 2
wait_listening 3

cat <<EOF
Three nodes are up (logs in $RUN_DIR/node-N.log); admin password: $ADMIN_PASSWORD
  TOKEN=\$(curl -sk https://127.0.0.1:8443/auth/token -H 'Content-Type: application/json' \\
    -d '{"login":"admin","password":"$ADMIN_PASSWORD"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  curl -sk https://127.0.0.1:8444/admin/users -H "Authorization: Bearer \$TOKEN"     # node 2 accepts it
  curl -sk -X DELETE https://127.0.0.1:8444/auth/token -H "Authorization: Bearer \$TOKEN"
  curl -sk -o /dev/null -w '%{http_code}\\n' https://127.0.0.1:8445/admin/users -H "Authorization: Bearer \$TOKEN"  # 401
  curl -sk https://127.0.0.1:8445/health/ready    # members, and the cluster duties node 3 holds
Ctrl-C drains and stops all three.
EOF
wait
