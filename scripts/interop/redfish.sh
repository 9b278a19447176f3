#!/usr/bin/env bash
# Interop check of the Redfish SessionService with real Redfish clients (issue 3, "Done when"):
#   1. starts target/sessiongate.jar (built if missing) on a free port with a fresh data directory;
#   2. Debian's redfishtool, if installed (apt-get install redfishtool): logs in with -A Session and reads
#      the SessionService, the Sessions collection, and changes SessionTimeout;
#   3. DMTF's Redfish-Protocol-Validator, if RPV_DIR points at a checkout of it (it is never part of this
#      repository): runs it and prints the result of every assertion, the session and security ones first.
#      Its Python needs: apt-get install python3-requests python3-urllib3 python3-pyasn1
#      python3-pyasn1-modules python3-colorama (aenum and sseclient-py have no Debian package: this script
#      stands in for them with the standard library's enum and a stub, since the validator's SSE tests are off).
# Exit status: 0 when every tool that ran passed (redfishtool answered, no focus assertion FAILed).
# Env: SESSIONGATE_JAR, RPV_DIR, REPORT_DIR (default target/interop/redfish), SESSIONGATE_ADMIN_PASSWORD.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${SESSIONGATE_JAR:-$ROOT/target/sessiongate.jar}
REPORT_DIR=${REPORT_DIR:-$ROOT/target/interop/redfish}
RPV_DIR=${RPV_DIR:-}
PASSWORD=${SESSIONGATE_ADMIN_PASSWORD:-interop-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}
FOCUS='^(SEC_|REQ_HEADERS_X_AUTH_TOKEN$|REQ_GET_SERVICE_ROOT_NO_AUTH$|REQ_GET_METADATA_ODATA_NO_AUTH$|RESP_HEADERS_LOCATION$|RESP_HEADERS_WWW_AUTHENTICATE$)'
# Debian's interpreter has the apt-installed modules; another python3 on PATH (pyenv) may not.
PYTHON=$(command -v /usr/bin/python3 || command -v python3)

if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
mkdir -p "$REPORT_DIR"
WORK=$(mktemp -d)
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

SESSIONGATE_HTTP_HOST=127.0.0.1 SESSIONGATE_HTTP_PORT=$PORT SESSIONGATE_DATA_DIR=$WORK/data \
  SESSIONGATE_ADMIN_PASSWORD=$PASSWORD java -jar "$JAR" run >"$REPORT_DIR/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true; wait $GATEWAY 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 120); do
  if curl -skf "https://127.0.0.1:$PORT/redfish/v1/" >/dev/null 2>&1; then break; fi
  if ! kill -0 $GATEWAY 2>/dev/null; then echo "the gateway did not start:"; tail -20 "$REPORT_DIR/gateway.log"; exit 1; fi
  sleep 0.5
done
echo "gateway: https://127.0.0.1:$PORT (log in $REPORT_DIR/gateway.log)"
STATUS=0
SUMMARY=()

if command -v redfishtool >/dev/null; then
  RFT=(redfishtool -r "127.0.0.1:$PORT" -S Always -A Session -u admin -p "$PASSWORD")
  ok=yes
  "${RFT[@]}" SessionService >"$REPORT_DIR/redfishtool-sessionservice.json" 2>&1 \
    && grep -q '"SessionTimeout"' "$REPORT_DIR/redfishtool-sessionservice.json" || ok=no
  "${RFT[@]}" SessionService Sessions list >"$REPORT_DIR/redfishtool-sessions.json" 2>&1 || ok=no
  "${RFT[@]}" SessionService setSessionTimeout 900 >"$REPORT_DIR/redfishtool-timeout.json" 2>&1 \
    && grep -q '900' "$REPORT_DIR/redfishtool-timeout.json" || ok=no
  "${RFT[@]}" SessionService login >"$REPORT_DIR/redfishtool-login.json" 2>&1 \
    && grep -q 'X-Auth-Token' "$REPORT_DIR/redfishtool-login.json" || ok=no
  echo "--- redfishtool -A Session SessionService:"; cat "$REPORT_DIR/redfishtool-sessionservice.json"
  if [ $ok = yes ]; then SUMMARY+=("redfishtool: PASS (get, Sessions list, setSessionTimeout, login)")
  else SUMMARY+=("redfishtool: FAIL (outputs in $REPORT_DIR/redfishtool-*.json)"); STATUS=1; fi
else
  SUMMARY+=("redfishtool: NOT RUN (apt-get install redfishtool)")
fi

if [ -n "$RPV_DIR" ] && [ -f "$RPV_DIR/rf_protocol_validator.py" ]; then
  SHIMS=$WORK/shims
  mkdir -p "$SHIMS"
  "$PYTHON" -c 'import aenum' 2>/dev/null || echo 'from enum import Enum, auto' >"$SHIMS/aenum.py"
  "$PYTHON" -c 'import sseclient' 2>/dev/null \
    || printf 'class SSEClient:\n    def __init__(self, *args, **kwargs):\n        raise RuntimeError("sseclient-py is not installed")\n' >"$SHIMS/sseclient.py"
  RPV_OUT=$REPORT_DIR/protocol-validator
  rm -rf "$RPV_OUT"
  # requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override --no-cert-check; the dev certificate is self-signed.
  (cd "$RPV_DIR" && env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE PYTHONPATH="$SHIMS" "$PYTHON" rf_protocol_validator.py \
     -r "https://127.0.0.1:$PORT" -u admin -p "$PASSWORD" --no-cert-check --avoid-http-redirect \
     --report-dir "$RPV_OUT" --report-type tsv >"$REPORT_DIR/protocol-validator.log" 2>&1) || true
  TSV=$(ls "$RPV_OUT"/*.tsv 2>/dev/null | head -1 || true)
  if [ -z "$TSV" ]; then
    SUMMARY+=("Redfish-Protocol-Validator: FAIL (no report; see $REPORT_DIR/protocol-validator.log)"); STATUS=1
  else
    echo "--- Redfish-Protocol-Validator: $(grep '^Summary' "$REPORT_DIR/protocol-validator.log" || true)"
    echo "--- focus assertions (assertion: result x count):"
    awk -F'\t' -v focus="$FOCUS" 'NR > 1 && $1 ~ focus { n[$1 ": " $5]++ } END { for (k in n) print "  " k " x" n[k] }' "$TSV" | sort
    echo "--- every FAIL and NOT_TESTED (assertion, method, status, uri, message):"
    awk -F'\t' 'NR > 1 && ($5 == "FAIL" || $5 == "NOT_TESTED") { print "  " $5 "  " $1 "  " $2 " " $3 " " $4 "  " $6 }' "$TSV" | sort
    focus_fail=$(awk -F'\t' -v focus="$FOCUS" 'NR > 1 && $1 ~ focus && $5 == "FAIL"' "$TSV" | wc -l)
    all_fail=$(awk -F'\t' 'NR > 1 && $5 == "FAIL"' "$TSV" | wc -l)
    SUMMARY+=("Redfish-Protocol-Validator: $focus_fail FAIL in the session/security assertions, $all_fail FAIL in all (report $TSV)")
    [ "$focus_fail" -eq 0 ] || STATUS=1
  fi
else
  SUMMARY+=("Redfish-Protocol-Validator: NOT RUN (set RPV_DIR to a checkout of DMTF/Redfish-Protocol-Validator)")
fi

echo "=== summary"
printf '%s\n' "${SUMMARY[@]}"
exit $STATUS
