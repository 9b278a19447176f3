#!/usr/bin/env python3
"""SessionGate benchmarks: each line is a ratio against a baseline measured in the same run, on the same
machine, with the same load generator settings. Standard library only; the tools are wrk, nginx, pgbench,
gnuplot (installed by bench/run)."""
import argparse
import base64
import datetime
import glob
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "sessiongate.jar")
ADMIN_PASSWORD = "bench-admin-password"
JVM_FLAGS = ["-Xms1g", "-Xmx1g", "-XX:+UseParallelGC",
             # vertx-json-schema's validator core is one method over the JIT's huge-method limit.
             "-XX:-DontCompileHugeMethods"]
PROCESSES = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def spawn(cmd, log, env=None, **kw):
    out = open(log, "w")
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True, **kw)
    PROCESSES.append(p)
    return p


def stop_all():
    for p in reversed(PROCESSES):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=20)
            except Exception:
                os.killpg(p.pid, signal.SIGKILL)


INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE


def http(method, url, body=None, headers=None, expect=None):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if isinstance(body, (dict, list)):
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, context=INSECURE, timeout=30) as resp:
            status, raw, hdrs = resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as e:
        status, raw, hdrs = e.code, e.read(), e.headers
    if expect and status not in expect:
        raise RuntimeError(f"{method} {url} -> {status} {raw[:300]!r}")
    return status, raw, hdrs


def wait_ready(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if http("GET", url)[0] == 200:
                return
        except Exception:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} not ready after {seconds}s")


class Postgres:
    def __init__(self, tmp):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
        self.bin = bins[0] if bins else os.path.dirname(shutil.which("initdb"))
        self.dir = os.path.join(tmp, "pg")
        os.makedirs(self.dir)
        self.port = free_port()
        self.root = os.geteuid() == 0
        if self.root:
            run(["chown", "-R", "postgres:postgres", self.dir])

    def _as_pg(self, cmd):
        return (["runuser", "-u", "postgres", "--"] if self.root else []) + cmd

    def start(self):
        run(self._as_pg([f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust", "-E", "UTF8"]))
        run(self._as_pg([f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-o",
                         f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 "
                         f"-c shared_buffers=256MB", "start"]))
        self.sql("CREATE DATABASE sessiongate")

    def stop(self):
        subprocess.run(self._as_pg([f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "stop"]),
                       capture_output=True)

    def sql(self, statement, db="postgres"):
        return run([f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                    "-v", "ON_ERROR_STOP=1", "-qAt", "-c", statement]).stdout

    def uri(self):
        return f"postgresql://postgres@127.0.0.1:{self.port}/sessiongate"

    def pgbench(self, script_text, clients, seconds, tmp):
        path = os.path.join(tmp, f"pgbench-{abs(hash(script_text))}.sql")
        with open(path, "w") as f:
            f.write(script_text)
        out = run([f"{self.bin}/pgbench", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-n",
                   "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds), "-r", "-f", path,
                   "sessiongate"]).stdout
        tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
        lat = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))
        return {"rps": tps, "mean_ms": lat}


def wrk(url, seconds, connections, headers=(), script=None, threads=2):
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = run(cmd).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50_ms": pct(50), "p99_ms": pct(99), "requests": total,
            "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0}


def post_script(tmp, name, body, headers):
    path = os.path.join(tmp, name + ".lua")
    lua_headers = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in headers.items())
    with open(path, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.body = [[{json.dumps(body)}]]\n'
                f'wrk.headers["Content-Type"] = "application/json"\n{lua_headers}')
    return path


class Bench:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.seconds = 5 if args.quick else 10
        self.connections = 64
        self.lines = []
        self.pg = Postgres(tmp)

    def line(self, number, name, gateway, baseline, goal, metric="rps", lower_is_better=False, note=""):
        # Always gateway / baseline: for throughput higher is better, for latency lower is better.
        ratio = gateway[metric] / baseline[metric]
        met = ratio <= goal if lower_is_better else ratio >= goal
        entry = {"line": number, "name": name, "metric": metric, "gateway": gateway, "baseline": baseline,
                 "ratio": round(ratio, 3), "goal": goal, "goal_met": met, "lower_is_better": lower_is_better,
                 "note": note}
        self.lines.append(entry)
        def show(m):
            parts = []
            if "rps" in m:
                parts.append(f"{m['rps']:,.0f}/s")
            for key in ("p50_ms", "p99_ms", "mean_ms"):
                if key in m:
                    parts.append(f"{key.split('_')[0]} {m[key]:.2f} ms")
            if "bytes" in m:
                parts.append(f"{m['bytes']:,.0f} B")
            return ", ".join(parts)
        print(f"  {number:<5} {name}\n        gateway {show(gateway)} | baseline {show(baseline)}\n"
              f"        ratio {ratio:.2f}x, goal {'<=' if lower_is_better else '>='} {goal}x: "
              f"{'MET' if met else 'NOT MET'}", flush=True)
        return entry

    # ---- processes ------------------------------------------------------------------------------
    def start_gateway(self, store="postgres", extra_env=None):
        self.gw_port = free_port()
        data = os.path.join(self.tmp, "gw-data")
        env = dict(os.environ, SESSIONGATE_HTTP_PORT=str(self.gw_port), SESSIONGATE_DATA_DIR=data,
                   SESSIONGATE_ADMIN_PASSWORD=ADMIN_PASSWORD, SESSIONGATE_STORE=store,
                   SESSIONGATE_PG_URI=self.pg.uri(), SESSIONGATE_PG_POOL_SIZE="32",
                   SESSIONGATE_LOG_LEVEL="WARN", SESSIONGATE_AUTH_TOKEN_TTL_SECONDS="7200")
        env.update(extra_env or {})
        self.gateway = spawn(["java", *JVM_FLAGS, "-jar", JAR], os.path.join(self.tmp, "gateway.log"), env=env)
        self.gw = f"https://127.0.0.1:{self.gw_port}"
        wait_ready(self.gw + "/health/ready")
        self.cert = os.path.join(data, "tls", "dev-cert.pem")
        self.key = os.path.join(data, "tls", "dev-key.pem")

    def start_bmc_sim(self, max_sessions=16, latency_ms=300, count=1):
        port = free_port()
        spawn(["java", "-Xmx256m", "-jar", JAR, "bmc-sim", "--port", str(port), "--count", str(count),
               "--max-sessions", str(max_sessions), "--login-latency-ms", str(latency_ms)],
              os.path.join(self.tmp, f"bmc-sim-{port}.log"))
        wait_ready(f"http://127.0.0.1:{port}/sim/stats")
        return port

    def start_nginx(self, sim_port):
        self.ng_port = free_port()
        prefix = os.path.join(self.tmp, "nginx")
        os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
        basic = base64.b64encode(b"root:calvin").decode()
        conf = f"""
worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  upstream bmc {{ server 127.0.0.1:{sim_port}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{self.ng_port} ssl http2;
    ssl_certificate {self.cert};
    ssl_certificate_key {self.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    keepalive_requests 1000000;
    location = /api/session {{ return 204; }}
    location /bmc/sim1/ {{
      proxy_pass http://bmc/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Basic {basic}";
    }}
  }}
}}
"""
        path = os.path.join(prefix, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        spawn(["nginx", "-p", prefix, "-c", path], os.path.join(self.tmp, "nginx.out"))
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                if http("GET", f"https://127.0.0.1:{self.ng_port}/api/session")[0] == 204:
                    break
            except Exception:
                time.sleep(0.1)
        self.ng = f"https://127.0.0.1:{self.ng_port}"

    def admin_token(self):
        _, raw, _ = http("POST", self.gw + "/auth/token", {"login": "admin", "password": ADMIN_PASSWORD}, expect=[200])
        return json.loads(raw)["token"]

    def warm(self, url, headers=(), script=None, until_steady=False):
        """One 8 s run; with until_steady, more runs until two in a row agree within 10 % (at most 6): the
        device-proxy path takes the JIT about a minute on 2 cores to reach its steady state."""
        seconds = 4 if self.args.quick else 8
        last = wrk(url, seconds, self.connections, headers, script)["rps"]
        for _ in range(5 if until_steady and not self.args.quick else 0):
            now = wrk(url, seconds, self.connections, headers, script)["rps"]
            if abs(now - last) <= 0.1 * last:
                break
            last = now

    # ---- lines ----------------------------------------------------------------------------------
    def line1_session_check(self):
        _, _, hdrs = http("POST", self.gw + "/api/session/login", {"login": "admin", "password": ADMIN_PASSWORD},
                          expect=[201])
        token = hdrs["X-Auth-Token"]
        auth = [f"Authorization: Bearer {token}"]
        url = self.gw + "/api/session"
        if http("GET", url, headers={"Authorization": f"Bearer {token}"})[0] != 204:
            raise RuntimeError("GET /api/session with a valid token did not answer 204")
        self.warm(url, auth)
        gw = wrk(url, self.seconds, self.connections, auth)
        ng = wrk(self.ng + "/api/session", self.seconds, self.connections, auth)
        self.line("1", "GET /api/session (valid token, 204) vs nginx return 204", gw, ng, 0.8)
        self.line("1b", "  same, p99 latency (lower is better)", gw, ng, 1.25, metric="p99_ms", lower_is_better=True)

    def line2_durable_creation(self):
        self.pg.sql("CREATE TABLE bench_sessions (id bigserial PRIMARY KEY, owner text NOT NULL, application text NOT NULL,"
                    " cluster text NOT NULL, attributes jsonb NOT NULL, created_at bigint NOT NULL)", db="sessiongate")
        basic = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
        body = {"sessionName": "bench", "sessionPriority": 10, "serviceName": "svc", "minServices": 1, "maxServices": 4}
        script = post_script(self.tmp, "symphony", body, {"Authorization": f"Basic {basic}"})
        url = self.gw + "/platform/rest/symrest/v1/clientapi/session?applicationName=symping7.3.2"
        status, raw, _ = http("POST", url, body, {"Authorization": f"Basic {basic}"})
        if status != 200:
            raise RuntimeError(f"Symphony create answered {status}: {raw[:200]!r}")
        self.warm(url, script=script)
        gw = wrk(url, self.seconds, self.connections, script=script)
        insert = ("INSERT INTO bench_sessions (owner, application, cluster, attributes, created_at) VALUES "
                  "('admin', 'symping7.3.2', 'cluster1', '{\"sessionName\":\"bench\",\"sessionPriority\":10}', "
                  "(extract(epoch from now()) * 1000)::bigint);\n")
        base = self.pg.pgbench(insert, self.connections, self.seconds, self.tmp)
        self.line("2s", "Symphony POST session (PostgreSQL) vs pgbench INSERT", gw, base, 1.0)

        login = {"UserName": "admin", "Password": ADMIN_PASSWORD}
        url = self.gw + "/redfish/v1/SessionService/Sessions"
        http("POST", url, login, expect=[201])
        script = post_script(self.tmp, "redfish", login, {})
        self.warm(url, script=script)
        gw = wrk(url, self.seconds, self.connections, script=script)
        self.line("2r", "Redfish POST SessionService/Sessions (PostgreSQL) vs pgbench INSERT", gw, base, 1.0)

    def line3_lookup(self):
        self.pg.sql("INSERT INTO bench_sessions (owner, application, cluster, attributes, created_at) "
                    "SELECT 'admin', 'a', 'c', '{}', 0 FROM generate_series(1, 100000)", db="sessiongate")
        _, _, hdrs = http("POST", self.gw + "/api/session/login", {"login": "admin", "password": ADMIN_PASSWORD},
                          expect=[201])
        auth = [f"Authorization: Bearer {hdrs['X-Auth-Token']}"]
        url = self.gw + "/api/session/user"
        self.warm(url, auth)
        gw = wrk(url, self.seconds, self.connections, auth)
        select = "\\set id random(1, 100000)\nSELECT * FROM bench_sessions WHERE id = :id;\n"
        base = self.pg.pgbench(select, self.connections, self.seconds, self.tmp)
        self.line("3u", "GET /api/session/user (token -> session info) vs pgbench PK SELECT", gw, base, 1.5)

        _, raw, hdrs = http("POST", self.gw + "/redfish/v1/SessionService/Sessions",
                            {"UserName": "admin", "Password": ADMIN_PASSWORD}, expect=[201])
        token = [f"X-Auth-Token: {hdrs['X-Auth-Token']}"]
        url = self.gw + hdrs["Location"]
        self.warm(url, token)
        gw = wrk(url, self.seconds, self.connections, token)
        self.line("3r", "GET Redfish session by X-Auth-Token vs pgbench PK SELECT", gw, base, 1.5)

    def ensure_device(self, sim_port):
        token = self.admin_token()
        http("POST", self.gw + "/admin/devices", {
            "id": "sim1", "address": f"http://127.0.0.1:{sim_port}", "tls": {"mode": "insecure"},
            "credentials": {"username": "root", "password": "calvin"}, "maxSessions": 4,
            "maxConcurrentRequests": 256}, {"Authorization": f"Bearer {token}"}, expect=[201, 409])
        return token

    def line4_device_proxy(self, sim_port):
        token = self.ensure_device(sim_port)
        auth = [f"Authorization: Bearer {token}"]
        url = self.gw + "/bmc/sim1/redfish/v1/Systems/1"
        self.warm(url, auth, until_steady=True)
        gw = wrk(url, self.seconds, self.connections, auth)
        ng = wrk(self.ng + "/bmc/sim1/redfish/v1/Systems/1", self.seconds, self.connections)
        self.line("4", "GET /bmc/{id}/redfish/v1/Systems/1 vs nginx proxy_pass", gw, ng, 0.9)
        self.line("4b", "  same, p99 latency (lower is better)", gw, ng, 1.2, metric="p99_ms", lower_is_better=True)

    def flow(self, base_url, prefix, clients, gets, seconds, user, password):
        out = run(["java", "-Xmx512m", "-cp", JAR, os.path.join(ROOT, "bench", "RedfishFlow.java"), base_url,
                   prefix or "-", str(clients), str(gets), str(seconds), user, password]).stdout
        return json.loads(out.strip().splitlines()[-1])

    def line5_pooled_creation(self, sim_port):
        """Session creation as fleet tools do it (log in, keep the session): through the gateway each login is a
        gateway session over the pooled BMC sessions; straight at the BMC each costs a 300 ms login and the
        BMC refuses all past its 16-session cap. Successful creations per second, same wrk settings."""
        gw_script = post_script(self.tmp, "login-gw", {"UserName": "admin", "Password": ADMIN_PASSWORD}, {})
        bmc_script = post_script(self.tmp, "login-bmc", {"UserName": "root", "Password": "calvin"}, {})
        self.ensure_device(sim_port)
        direct_sim = self.start_bmc_sim(max_sessions=16, latency_ms=300)
        url = self.gw + "/bmc/sim1/redfish/v1/SessionService/Sessions"
        self.warm(url, script=gw_script)
        gw = wrk(url, self.seconds, self.connections, script=gw_script)
        direct = wrk(f"http://127.0.0.1:{direct_sim}/redfish/v1/SessionService/Sessions", self.seconds,
                     self.connections, script=bmc_script)
        for m in (gw, direct):
            m["created_per_s"] = (m["requests"] - m["non_2xx"]) / self.seconds
        self.line("5", "Redfish sessions created/s (kept): gateway device path vs bmc-sim (300 ms login, cap 16)",
                  dict(gw, rps=gw["created_per_s"]), dict(direct, rps=direct["created_per_s"]), 10.0,
                  note="baseline non-2xx (the BMC's 503 at its cap): %d of %d" % (direct["non_2xx"], direct["requests"]))
        self.flow(self.gw, "/bmc/sim1", 64, 0, 5, "admin", ADMIN_PASSWORD)  # warm-up of both JVMs' JIT
        gw_flow = self.flow(self.gw, "/bmc/sim1", 64, 0, self.seconds, "admin", ADMIN_PASSWORD)
        direct_flow = self.flow(f"http://127.0.0.1:{sim_port}", "", 64, 0, self.seconds, "root", "calvin")
        self.line("5b", "  log in + log out loops (64 clients): gateway vs bmc-sim (300 ms login, cap 16)",
                  {"rps": gw_flow["loginsPerSecond"], "outcomes": gw_flow["outcomes"]},
                  {"rps": direct_flow["loginsPerSecond"], "outcomes": direct_flow["outcomes"]}, 10.0)

    def line6_memory(self):
        out = run(["java", "-Xmx4g", "-XX:+UseParallelGC", "-cp", JAR,
                   os.path.join(ROOT, "bench", "HeapPerSession.java"), "100000", "1000000"]).stdout
        per = json.loads(out.strip().splitlines()[-1])
        for count, label in (("100000", "100k"), ("1000000", "1M")):
            self.line(f"6-{label}", f"heap per Redfish session, in-process store, {label} sessions (bytes vs 1 KiB)",
                      {"bytes": per[count]}, {"bytes": 1024}, 1.0, metric="bytes", lower_is_better=True)

    def line7_bmc_flood(self):
        """Issue 7: 200 clients, each login + 10 GETs + logout, through the gateway and straight at a bmc-sim
        with --max-sessions 16 --login-latency-ms 300 (a fresh one for each side)."""
        sim = self.start_bmc_sim(max_sessions=16, latency_ms=300)
        token = self.admin_token()
        http("POST", self.gw + "/admin/devices", {
            "id": "flood", "address": f"http://127.0.0.1:{sim}", "tls": {"mode": "insecure"},
            "credentials": {"username": "root", "password": "calvin"}, "maxSessions": 4},
             {"Authorization": f"Bearer {token}"}, expect=[201])
        gw = self.flow(self.gw, "/bmc/flood", 200, 10, 0, "admin", ADMIN_PASSWORD)
        stats = json.loads(http("GET", f"http://127.0.0.1:{sim}/sim/stats")[1])
        direct_sim = self.start_bmc_sim(max_sessions=16, latency_ms=300)
        direct = self.flow(f"http://127.0.0.1:{direct_sim}", "", 200, 10, 0, "root", "calvin")
        gw_errors = sum(n for k, n in gw["outcomes"].items() if not re.match(r"(login 201|get 200|logout 204)$", k))
        direct_errors = sum(n for k, n in direct["outcomes"].items()
                            if not re.match(r"(login 201|get 200|logout 204)$", k))
        entry = {"line": "7", "name": "200 clients x (login + 10 GETs + logout), bmc-sim cap 16, login 300 ms",
                 "gateway": dict(gw, bmcPeakSessions=stats["peakSessions"], bmcLogins=stats["logins"],
                                 errors=gw_errors),
                 "baseline": dict(direct, errors=direct_errors), "metric": "errors",
                 "ratio": None, "goal": "gateway 0 errors and BMC peak <= maxSessions (4); direct gets 503s",
                 "goal_met": gw_errors == 0 and stats["peakSessions"] <= 4 and direct_errors > 0,
                 "lower_is_better": True, "note": ""}
        self.lines.append(entry)
        print(f"  7    {entry['name']:<58} gateway: {gw_errors} errors, BMC peak {stats['peakSessions']} sessions "
              f"({stats['logins']} logins); direct: {direct_errors} errors {direct['outcomes']}  "
              f"{'MET' if entry['goal_met'] else 'NOT MET'}", flush=True)

    # ---- report ---------------------------------------------------------------------------------
    def report(self):
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
        out = os.path.join(ROOT, "bench", "results", stamp)
        machine = {"cpus": os.cpu_count(), "java": run(["java", "-version"]).stderr.splitlines()[0],
                   "jvm_flags": JVM_FLAGS, "wrk": f"-t2 -c{self.connections} -d{self.seconds}s",
                   "quick": self.args.quick}
        with open(out + ".json", "w") as f:
            json.dump({"when": stamp, "machine": machine, "lines": self.lines}, f, indent=2)
        chart(out + ".json", self.tmp)
        print(f"\nresults: {os.path.relpath(out, ROOT)}.json and .png")


def chart(results_json, tmp):
    """PNG of each line against its goal: achieved / goal on a log scale, so 1 is the goal whatever the unit."""
    if not shutil.which("gnuplot"):
        return
    with open(results_json) as f:
        lines = [e for e in json.load(f)["lines"] if e["ratio"] is not None]
    data = os.path.join(tmp, "chart.dat")
    with open(data, "w") as f:
        for e in lines:
            score = e["goal"] / e["ratio"] if e["lower_is_better"] else e["ratio"] / e["goal"]
            f.write(f"\"{e['line']}\" {max(score, 1e-3):.4f}\n")
    png = results_json[:-len(".json")] + ".png"
    subprocess.run(["gnuplot", "-e", f"""
set terminal png size 1000,500; set output '{png}';
set title 'SessionGate vs baselines: achieved / goal (1 = goal met; log scale)';
set style data histograms; set style fill solid 0.8; set boxwidth 0.8;
set logscale y; set yrange [0.05:*]; set grid y; set key off;
plot '{data}' using 2:xtic(1) lc rgb '#4a7ebb', 1 lc rgb '#c0392b' lw 2
"""], check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 s runs instead of 10 s")
    parser.add_argument("--only", default="", help="comma-separated line numbers, e.g. 1,4")
    parser.add_argument("--chart", metavar="RESULTS_JSON", help="only redraw the PNG of an earlier run")
    args = parser.parse_args()
    if args.chart:
        chart(args.chart, tempfile.mkdtemp(prefix="sessiongate-chart-"))
        return
    only = set(filter(None, args.only.split(",")))
    tmp = tempfile.mkdtemp(prefix="sessiongate-bench-")
    if os.geteuid() == 0:
        os.chmod(tmp, 0o755)
    bench = Bench(args, tmp)
    started = time.time()
    try:
        print(f"SessionGate benchmarks ({'quick' if args.quick else 'full'}; work dir {tmp})")
        bench.pg.start()
        bench.start_gateway()
        sim = bench.start_bmc_sim(max_sessions=16, latency_ms=300)
        bench.start_nginx(sim)
        print("  line  what (gateway / baseline)")
        for number, fn in [("1", bench.line1_session_check), ("2", bench.line2_durable_creation),
                           ("3", bench.line3_lookup), ("4", lambda: bench.line4_device_proxy(sim)),
                           ("5", lambda: bench.line5_pooled_creation(sim)), ("6", bench.line6_memory),
                           ("7", bench.line7_bmc_flood)]:
            if not only or number in only:
                fn()
        bench.report()
    finally:
        stop_all()
        bench.pg.stop()
        print(f"done in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
