#!/usr/bin/env bash
# Interop check of the Redfish service with real Redfish clients (issues 3 and 21, "Done when"):
#   1. starts target/sessiongate.jar (built if missing) on a free port with a fresh data directory, with the
#      Atlas IES Oem key (SESSIONGATE_REDFISH_OEM_VENDOR=Huawei);
#   2. Debian's redfishtool, if installed (apt-get install redfishtool): logs in with -A Session and reads
#      the SessionService, the Sessions collection, and changes SessionTimeout;
#   3. HPE's ilorest, if installed (apt-get install ilorest, 3.6): `--redfish login`, `rawget` of the
#      SessionService and of its own session, `logout`; checks each output and that the logout deleted the
#      session. It runs with REQUESTS_CA_BUNDLE unset (it would override the certificate check ilorest skips)
#      and a HOME of its own (its cache).
#   4. DMTF's Redfish-Service-Validator, if RSV_DIR points at a checkout of it and RFPUB_DIR at one of
#      DMTF/Redfish-Publications (neither is ever part of this repository): the DMTF CSDL from RFPUB_DIR/csdl
#      plus every CSDL the service's $metadata references by a relative URI (fetched from the gateway) is its
#      schema directory (--skipschema: nothing is downloaded from dmtf.org). Its Python needs DMTF's
#      python-redfish-library and Redfish-Tacklebox (no Debian package; Debian's python3 `redfish` module is
#      HPE's fork, shipped with ilorest, and is not the one it needs): RSV_PYTHONPATH names their checkouts
#      (default: $RSV_DIR/../python-redfish-library/src:$RSV_DIR/../Redfish-Tacklebox), and apt-get install
#      python3-requests python3-colorama python3-openpyxl python3-jsonpatch python3-jsonpath-rw
#      python3-requests-toolbelt python3-requests-unixsocket python3-xlsxwriter.
#   5. DMTF's Redfish-Protocol-Validator, if RPV_DIR points at a checkout of it (it is never part of this
#      repository): runs it and prints the result of every assertion, the session and security ones first.
#      Its Python needs: apt-get install python3-requests python3-urllib3 python3-pyasn1
#      python3-pyasn1-modules python3-colorama (aenum and sseclient-py have no Debian package: this script
#      stands in for them with the standard library's enum and a stub, since the validator's SSE tests are off).
# With SESSIONGATE_INTEROP_BMCS=N (default 0), N bmc-sims are started from the same jar and registered as devices
# bmc1..bmcN before any tool runs, so that the tools see the aggregation's merged collections with members, and
# walk into them (issue 17: the validators against the gateway's root with aggregation on and devices registered).
# Exit status: 0 when every tool that ran passed (redfishtool and ilorest answered as checked, the Service
# Validator reported 0 FAIL, no focus assertion of the Protocol Validator FAILed).
# Env: SESSIONGATE_JAR, RSV_DIR, RFPUB_DIR, RSV_PYTHONPATH, RPV_DIR, REPORT_DIR (default target/interop/redfish),
# SESSIONGATE_ADMIN_PASSWORD, SESSIONGATE_INTEROP_BMCS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${SESSIONGATE_JAR:-$ROOT/target/sessiongate.jar}
REPORT_DIR=${REPORT_DIR:-$ROOT/target/interop/redfish}
RPV_DIR=${RPV_DIR:-}
RSV_DIR=${RSV_DIR:-}
RFPUB_DIR=${RFPUB_DIR:-}
RSV_PYTHONPATH=${RSV_PYTHONPATH:-${RSV_DIR:+$RSV_DIR/../python-redfish-library/src:$RSV_DIR/../Redfish-Tacklebox}}
PASSWORD=${SESSIONGATE_ADMIN_PASSWORD:-interop-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}
FOCUS='^(SEC_|REQ_HEADERS_X_AUTH_TOKEN$|REQ_GET_SERVICE_ROOT_NO_AUTH$|REQ_GET_METADATA_ODATA_NO_AUTH$|RESP_HEADERS_LOCATION$|RESP_HEADERS_WWW_AUTHENTICATE$)'
# Debian's interpreter has the apt-installed modules; another python3 on PATH (pyenv) may not.
PYTHON=$(command -v /usr/bin/python3 || command -v python3)

if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
mkdir -p "$REPORT_DIR"
WORK=$(mktemp -d)
# 443 when it is free (root may bind it): ilorest 3.6 rebuilds a session's URI from the port of its login URL,
# which turns the Location of a session into "//none:PORT/…" on any other port, so its logout can DELETE its
# session only on the default port. Otherwise (or with SESSIONGATE_INTEROP_PORT) any free port.
PORT=${SESSIONGATE_INTEROP_PORT:-}
if [ -z "$PORT" ]; then
  PORT=$("$PYTHON" -c 'import socket
s = socket.socket()
try:
    s.bind(("127.0.0.1", 443))
except OSError:
    s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
fi
BASE="https://127.0.0.1$([ "$PORT" = 443 ] || echo ":$PORT")"

SESSIONGATE_HTTP_HOST=127.0.0.1 SESSIONGATE_HTTP_PORT=$PORT SESSIONGATE_DATA_DIR=$WORK/data \
  SESSIONGATE_REDFISH_OEM_VENDOR=Huawei SESSIONGATE_ADMIN_PASSWORD=$PASSWORD java -jar "$JAR" run >"$REPORT_DIR/gateway.log" 2>&1 &
GATEWAY=$!
PIDS=$GATEWAY
trap 'kill $PIDS 2>/dev/null || true; wait $PIDS 2>/dev/null || true; rm -rf "$WORK"' EXIT
BMCS=${SESSIONGATE_INTEROP_BMCS:-0}
SIMS=()
for i in $(seq 1 "$BMCS"); do
  sim=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  java -jar "$JAR" bmc-sim --port "$sim" --max-sessions 8 >"$REPORT_DIR/bmc-sim$i.log" 2>&1 &
  PIDS="$PIDS $!"
  SIMS+=("$sim")
done

for _ in $(seq 1 120); do
  if curl -skf "$BASE/redfish/v1/" >/dev/null 2>&1; then break; fi
  if ! kill -0 $GATEWAY 2>/dev/null; then echo "the gateway did not start:"; tail -20 "$REPORT_DIR/gateway.log"; exit 1; fi
  sleep 0.5
done
echo "gateway: $BASE (log in $REPORT_DIR/gateway.log)"
i=0
for sim in "${SIMS[@]}"; do
  i=$((i + 1))
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$sim/redfish/v1" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -skf -o /dev/null -u "admin:$PASSWORD" "$BASE/admin/devices" -H 'Content-Type: application/json' \
    -d "{\"id\":\"bmc$i\",\"address\":\"http://127.0.0.1:$sim\",\"tls\":{\"mode\":\"insecure\"},\
\"credentials\":{\"username\":\"root\",\"password\":\"calvin\"},\"timeoutMs\":5000}" \
    || { echo "could not register bmc-sim $i (port $sim)"; exit 1; }
  echo "device bmc$i: bmc-sim on http://127.0.0.1:$sim (log in $REPORT_DIR/bmc-sim$i.log)"
done
STATUS=0
SUMMARY=()
# The Sessions collection's members, read with Basic (which creates no session), one URI a line.
session_uris() {
  curl -sk -u "admin:$PASSWORD" "$BASE/redfish/v1/SessionService/Sessions" \
    | "$PYTHON" -c 'import json, sys; print("\n".join(m["@odata.id"] for m in json.load(sys.stdin)["Members"]))'
}

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

if command -v ilorest >/dev/null; then
  ILO=(env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE HOME="$WORK/ilorest-home" ilorest)
  mkdir -p "$WORK/ilorest-home"
  ok=yes
  before=$(session_uris)
  "${ILO[@]}" --redfish login "$BASE" -u admin -p "$PASSWORD" >"$REPORT_DIR/ilorest-login.txt" 2>&1 \
    && grep -Eq 'Discovering data\.+Done' "$REPORT_DIR/ilorest-login.txt" || ok=no
  own=$(comm -13 <(echo "$before" | sort) <(session_uris | sort) | awk 'NR == 1')
  [ -n "$own" ] || { echo "ilorest's login left no new session"; ok=no; }
  "${ILO[@]}" rawget /redfish/v1/SessionService >"$REPORT_DIR/ilorest-sessionservice.txt" 2>&1 \
    && grep -Eq '"SessionTimeout": [0-9]+' "$REPORT_DIR/ilorest-sessionservice.txt" \
    && grep -q '"@odata.id": "/redfish/v1/SessionService/Sessions"' "$REPORT_DIR/ilorest-sessionservice.txt" || ok=no
  "${ILO[@]}" rawget "${own:-/redfish/v1/SessionService/Sessions/none}" >"$REPORT_DIR/ilorest-session.txt" 2>&1 \
    && grep -q "\"@odata.id\": \"$own\"" "$REPORT_DIR/ilorest-session.txt" \
    && grep -q '"@odata.type": "#SessionGateSession.v1_0_0.Session"' "$REPORT_DIR/ilorest-session.txt" \
    && grep -q '"UserAccount": "admin"' "$REPORT_DIR/ilorest-session.txt" || ok=no
  "${ILO[@]}" logout >"$REPORT_DIR/ilorest-logout.txt" 2>&1 && grep -q 'Logging session out' "$REPORT_DIR/ilorest-logout.txt" || ok=no
  gone=$(curl -sk -o /dev/null -w '%{http_code}' -u "admin:$PASSWORD" "$BASE${own:-/none}")
  deleted="logout deleted it"
  if [ "$gone" != 404 ] && [ "$PORT" != 443 ]; then
    # ilorest's own limit (see PORT above), not the gateway's: end the session for it.
    deleted="logout did NOT delete it (ilorest on port $PORT, not 443; this script deleted it)"
    curl -sk -o /dev/null -X DELETE -u "admin:$PASSWORD" "$BASE$own"
  elif [ "$gone" != 404 ]; then
    echo "after ilorest's logout its session $own answers $gone, not 404"; ok=no
  fi
  for step in login sessionservice session logout; do
    echo "--- ilorest ($step):"; cat "$REPORT_DIR/ilorest-$step.txt"
  done
  if [ $ok = yes ]; then SUMMARY+=("ilorest: PASS (login $BASE, rawget SessionService, rawget $own, $deleted)")
  else SUMMARY+=("ilorest: FAIL (outputs in $REPORT_DIR/ilorest-*.txt)"); STATUS=1; fi
else
  SUMMARY+=("ilorest: NOT RUN (apt-get install ilorest)")
fi

if [ -n "$RSV_DIR" ] && [ -f "$RSV_DIR/RedfishServiceValidator.py" ] && [ -d "$RFPUB_DIR/csdl" ]; then
  SCHEMAS=$WORK/schemas
  mkdir -p "$SCHEMAS"
  cp "$RFPUB_DIR"/csdl/*.xml "$SCHEMAS/"
  ok=yes
  for uri in $(curl -sk "$BASE/redfish/v1/\$metadata" | grep -o 'Reference Uri="/[^"]*"' | sed 's/Reference Uri="//; s/"$//'); do
    curl -skf -u "admin:$PASSWORD" "$BASE$uri" -o "$SCHEMAS/${uri##*/}" || { echo "\$metadata references $uri, not served"; ok=no; }
  done
  RSV_OUT=$REPORT_DIR/service-validator
  rm -rf "$RSV_OUT"
  (cd "$RSV_DIR" && env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE PYTHONPATH="$RSV_PYTHONPATH:$RSV_DIR" "$PYTHON" \
     RedfishServiceValidator.py -r "$BASE" -u admin -p "$PASSWORD" --schema_directory "$SCHEMAS" --skipschema \
     --logdir "$RSV_OUT" >"$REPORT_DIR/service-validator.log" 2>&1) || true
  # The result table: a header row | PASS | WARN | FAIL | NOT TESTED | and a row of counts.
  counts=$(awk -F'|' '/PASS.*WARN.*FAIL/ { getline; getline; gsub(/ /, ""); print $2, $3, $4, $5 }' "$REPORT_DIR/service-validator.log")
  if [ -z "$counts" ]; then
    SUMMARY+=("Redfish-Service-Validator: FAIL (no result; see $REPORT_DIR/service-validator.log)"); STATUS=1
  else
    read -r pass warn fail untested <<<"$counts"
    echo "--- Redfish-Service-Validator, per resource:"
    grep -E '^Validating|^  - Pass' "$REPORT_DIR/service-validator.log" | paste - - | sed 's/\.\.\.\t */  /'
    echo "--- every FAIL and WARN:"
    grep -hE ' - (FAIL|WARN) - ' "$RSV_OUT"/*/RedfishServiceValidatorDebug*.log | sed 's/^.* - \(FAIL\|WARN\) - /  \1 /' \
      | sed 's/ ([^)]*):/:/' | sort | uniq -c | sort -rn | awk 'NR <= 20' || true
    SUMMARY+=("Redfish-Service-Validator: $pass pass, $warn warn, $fail fail, $untested not tested (log $REPORT_DIR/service-validator.log)")
    [ "$fail" -eq 0 ] && [ $ok = yes ] || STATUS=1
  fi
else
  SUMMARY+=("Redfish-Service-Validator: NOT RUN (set RSV_DIR to a checkout of DMTF/Redfish-Service-Validator, RFPUB_DIR to one of DMTF/Redfish-Publications)")
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
