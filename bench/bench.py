#!/usr/bin/env python3
"""SessionGate benchmarks: each line is a ratio against a baseline measured in the same run, on the same
machine, with the same load generator settings. Standard library only; the tools are wrk, nginx, pgbench,
gnuplot (installed by bench/run)."""
import argparse
import base64
import concurrent.futures
import datetime
import glob
import hashlib
from http.client import HTTPSConnection
import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "sessiongate.jar")
ADMIN_PASSWORD = "bench-admin-password"
JVM_FLAGS = ["-Xms1g", "-Xmx1g", "-XX:+UseParallelGC",
             # vertx-json-schema's validator core is one method over the JIT's huge-method limit.
             "-XX:-DontCompileHugeMethods"]
PROCESSES = []
DEVICE_PATH = "/bmc/sim1/redfish/v1/Systems/1"


def free_port():
    """A free port above the fleet's range (10000-20999) and below the ephemeral range: a port the kernel handed
    out would be free again once closed, and a JVM binding an ephemeral port (a cluster node's event bus)
    could take it before the process it was chosen for binds it."""
    while True:
        port = random.randint(21000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def spawn(cmd, log, env=None, **kw):
    out = open(log, "w")
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True, **kw)
    PROCESSES.append(p)
    return p


def stop(p):
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=20)
        except Exception:
            os.killpg(p.pid, signal.SIGKILL)


def stop_all():
    for p in reversed(PROCESSES):
        stop(p)


def cpu_seconds(pids):
    """User + system CPU time the processes have used so far (/proc/<pid>/stat, fields 14 and 15)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def live_heap_bytes(pid):
    """Bytes of live objects in a JVM's heap: GC.class_histogram runs a full GC first, then counts."""
    out = run(["jcmd", str(pid), "GC.class_histogram"]).stdout
    return int(re.search(r"^Total\s+\d+\s+(\d+)", out, re.M).group(1))


def java_string_hash(text):
    """Java's String.hashCode, for the device proxy's shard of a device id (floorMod(hashCode, shards))."""
    h = 0
    for c in text:
        h = (31 * h + ord(c)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def free_port_range(count, first=10000, last=20999):
    """The first port of `count` consecutive free ones below the ephemeral range (a bmc-sim fleet)."""
    base = first
    while base + count - 1 <= last:
        for port in range(base, base + count):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    base = port + 1
                    break
        else:
            return base
    raise RuntimeError(f"no {count} consecutive free ports in {first}-{last}")


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


def wait_until(what, ready, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if ready():
                return
        except Exception:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what}: not after {seconds}s")


def wait_ready(url, seconds=60, status=200):
    wait_until(f"{url} answering {status}", lambda: http("GET", url)[0] == status, seconds)


def send_all(base_url, requests, headers, workers=4):
    """Sends every (method, path, JSON body or None), one keep-alive HTTPS connection per worker; the statuses,
    in order."""
    host, port = base_url.split("//")[1].split(":")
    local = threading.local()

    def send(request):
        method, path, body = request
        if not hasattr(local, "conn"):
            local.conn = HTTPSConnection(host, int(port), context=INSECURE, timeout=30)
        sent = dict(headers, **({"Content-Type": "application/json"} if body is not None else {}))
        local.conn.request(method, path, None if body is None else json.dumps(body), sent)
        response = local.conn.getresponse()
        response.read()
        return response.status

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(send, requests))


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
        """Runs one statement; one the server aborted as a deadlock (a bulk DELETE meeting the gateway's own batched
        writes to the same rows) is run again, and any other failure says what psql said."""
        for attempt in range(5):
            done = subprocess.run([f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                                   "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", statement],
                                  capture_output=True, text=True)
            if done.returncode == 0:
                return done.stdout
            if "deadlock detected" not in done.stderr or attempt == 4:
                raise RuntimeError(f"psql failed on {statement[:80]!r}: {done.stderr.strip()}")
            time.sleep(1)

    def uri(self, db="sessiongate"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

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
    result = {"rps": rps, "p50_ms": pct(50), "p99_ms": pct(99), "requests": total,
              "non_2xx": int(bad.group(1)) if bad else 0,
              "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0}
    if "LOOPS " in out:
        result["loops_per_s"] = loops_per_second(out)
    return result


def require_2xx(what, result):
    """A run whose answers were not all 2xx measured something else (a refusal is fast): stop and say so."""
    if result["non_2xx"] or result["socket_errors"]:
        raise RuntimeError(f"{what}: {result['non_2xx']} non-2xx answers, {result['socket_errors']} socket errors "
                           f"of {result['requests']}")
    return result


def rotating_script(tmp, name, requests, threads=2):
    """A wrk script sending GETs to each (path, headers or None) in turn; each thread starts at its own share, so
    the requests spread evenly. With headers None a request carries wrk's own (-H)."""
    path = os.path.join(tmp, name + ".lua")
    def lua(headers):
        return "nil" if headers is None else "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items()) + "}"
    entries = ",\n".join(f'{{"{p}", {lua(h)}}}' for p, h in requests)
    with open(path, "w") as f:
        f.write(f"""local entries = {{
{entries}
}}
local started = 0
function setup(thread)
  thread:set("share", started)
  started = started + 1
end
function init(args)
  i = math.floor(share * #entries / {threads})
end
function request()
  i = i % #entries + 1
  return wrk.format("GET", entries[i][1], entries[i][2])
end
""")
    return path


def post_script(tmp, name, body, headers):
    path = os.path.join(tmp, name + ".lua")
    lua_headers = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in headers.items())
    with open(path, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.body = [[{json.dumps(body)}]]\n'
                f'wrk.headers["Content-Type"] = "application/json"\n{lua_headers}')
    return path


def login_logout_script(tmp, name, sessions_path, body):
    """wrk: log in (POST the sessions collection), then log out (DELETE the Location with the X-Auth-Token),
    again and again; each connection sends a waiting logout before a new login. done() prints the loops that
    ended with a 204 logout."""
    path = os.path.join(tmp, name + ".lua")
    with open(path, "w") as f:
        f.write(f"""
local login = [[{json.dumps(body)}]]
local pending, loops, threads = {{}}, 0, {{}}
function setup(thread) table.insert(threads, thread) end
function request()
  local next = table.remove(pending)
  if next then return wrk.format("DELETE", next[1], {{["X-Auth-Token"] = next[2]}}, nil) end
  return wrk.format("POST", "{sessions_path}", {{["Content-Type"] = "application/json"}}, login)
end
function response(status, headers, body)
  if status == 201 then
    local location, token
    for k, v in pairs(headers) do
      local key = string.lower(k)
      if key == "location" then location = string.gsub(v, "^https?://[^/]+", "") end
      if key == "x-auth-token" then token = v end
    end
    if location and token then table.insert(pending, {{location, token}}) end
  elseif status == 204 then
    loops = loops + 1
    wrk.thread:set("loops", loops)
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("loops") or 0) end
  io.write(string.format("LOOPS %d %d\\n", total, summary.duration))
end
""")
    return path


def loops_per_second(result_stdout):
    loops, micros = re.search(r"LOOPS (\d+) (\d+)", result_stdout).groups()
    return int(loops) / (int(micros) / 1e6)


class Bench:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.seconds = 5 if args.quick else 10
        self.connections = 64
        self.lines = []
        self.pg = Postgres(tmp)
        self.sim_processes = {}
        # Measurements more than one line compares with, taken once per run (see once()).
        self.measured = {}

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
            if "cpu_us_per_request" in m:
                parts.append(f"CPU {m['cpu_us_per_request']:.0f} us/request")
            return ", ".join(parts)
        print(f"  {number:<5} {name}\n        gateway {show(gateway)} | baseline {show(baseline)}\n"
              f"        ratio {ratio:.2f}x, goal {'<=' if lower_is_better else '>='} {goal}x: "
              f"{'MET' if met else 'NOT MET'}", flush=True)
        return entry

    # ---- processes ------------------------------------------------------------------------------
    def gateway_process(self, name, env=None, args=(), db="sessiongate"):
        """A gateway JVM with bench/run's flags, `env` over the common SESSIONGATE_* settings; (process, URL),
        not yet ready."""
        port = free_port()
        full = dict(os.environ, SESSIONGATE_HTTP_PORT=str(port),
                    SESSIONGATE_DATA_DIR=os.path.join(self.tmp, name + "-data"),
                    SESSIONGATE_ADMIN_PASSWORD=ADMIN_PASSWORD, SESSIONGATE_STORE="postgres",
                    SESSIONGATE_PG_URI=self.pg.uri(db), SESSIONGATE_PG_POOL_SIZE="32",
                    SESSIONGATE_LOG_LEVEL="WARN", SESSIONGATE_AUTH_TOKEN_TTL_SECONDS="7200")
        full.update(env or {})
        process = spawn(["java", *JVM_FLAGS, "-jar", JAR, *args], os.path.join(self.tmp, name + ".log"), env=full)
        return process, f"https://127.0.0.1:{port}"

    def start_gateway(self):
        self.gateway, self.gw = self.gateway_process("gateway")
        wait_ready(self.gw + "/health/ready")
        self.cert = os.path.join(self.tmp, "gateway-data", "tls", "dev-cert.pem")
        self.key = os.path.join(self.tmp, "gateway-data", "tls", "dev-key.pem")

    def start_bare_vertx(self, mode, *args):
        """bench/BareVertx.java (Vert.x alone, same certificate, same JVM flags): (process, URL) once it answers."""
        port = free_port()
        process = spawn(["java", *JVM_FLAGS, "-cp", JAR, os.path.join(ROOT, "bench", "BareVertx.java"), mode, str(port),
                         self.cert, self.key, *map(str, args)], os.path.join(self.tmp, f"bare-{mode}.log"))
        url = f"https://127.0.0.1:{port}"
        wait_until(f"bare Vert.x {mode} on {port}", lambda: http("GET", url + "/bmc/sim1/redfish/v1")[0] in (200, 204))
        return process, url

    def start_bmc_sim(self, max_sessions=16, latency_ms=300, count=1, port=None):
        """`count` simulated BMCs on consecutive ports from `port`; the first port (its process in sim_processes)."""
        port = port or free_port()
        # 10,000 simulated BMCs hold about 400 MB.
        heap = "-Xmx256m" if count == 1 else "-Xmx1g"
        self.sim_processes[port] = spawn(
            ["java", heap, "-jar", JAR, "bmc-sim", "--port", str(port), "--count", str(count),
             "--max-sessions", str(max_sessions), "--login-latency-ms", str(latency_ms)],
            os.path.join(self.tmp, f"bmc-sim-{port}.log"))
        wait_ready(f"http://127.0.0.1:{port + count - 1}/sim/stats", seconds=60 + count // 100)
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

    def admin_token(self, gateway=None):
        _, raw, _ = http("POST", (gateway or self.gw) + "/auth/token", {"login": "admin", "password": ADMIN_PASSWORD},
                         expect=[200])
        return json.loads(raw)["token"]

    def warm(self, url, headers=(), script=None, until_steady=False):
        """One 8 s run; with until_steady, at least four, then more until the last three agree within 5 % (at
        most eight; three runs of 4 s with --quick): a JVM just started takes the JIT one to two minutes on 2
        cores shared with the load generator to reach its steady state, climbing in steps with plateaus between
        them (two runs that agreed were often on a plateau: line 3u went on from 44k/s to 63k/s)."""
        seconds = 4 if self.args.quick else 8
        most, least = (3, 3) if self.args.quick else (8, 4)
        runs = [wrk(url, seconds, self.connections, headers, script)["rps"]]
        while until_steady and len(runs) < most:
            runs.append(wrk(url, seconds, self.connections, headers, script)["rps"])
            last = runs[-3:]
            if len(runs) >= least and max(last) - min(last) <= 0.05 * max(last):
                break
        self.warm_runs = getattr(self, "warm_runs", {})
        self.warm_runs[os.path.basename(script) if script else url] = [round(r) for r in runs]

    def measure(self, url, headers=(), script=None, until_steady=False, pids=()):
        """Warm-up, then the measured wrk run; with pids, also the CPU time those processes spent in it."""
        self.warm(url, headers, script, until_steady)
        cpu_before = cpu_seconds(pids)
        result = wrk(url, self.seconds, self.connections, headers, script)
        if pids:
            result["cpu_s"] = cpu_seconds(pids) - cpu_before
            result["cpu_us_per_request"] = result["cpu_s"] / result["requests"] * 1e6
        return result

    def once(self, key, measure):
        """A measurement more than one line compares with, taken once per run whichever line needs it first."""
        if key not in self.measured:
            self.measured[key] = measure()
        return self.measured[key]

    # ---- lines ----------------------------------------------------------------------------------
    def session_check(self):
        """Line 1's runs (gateway, nginx, the header they send), shared with line 1-bare."""
        def measure():
            _, _, hdrs = http("POST", self.gw + "/api/session/login", {"login": "admin", "password": ADMIN_PASSWORD},
                              expect=[201])
            token = hdrs["X-Auth-Token"]
            auth = [f"Authorization: Bearer {token}"]
            url = self.gw + "/api/session"
            if http("GET", url, headers={"Authorization": f"Bearer {token}"})[0] != 204:
                raise RuntimeError("GET /api/session with a valid token did not answer 204")
            gw = self.measure(url, auth, until_steady=True)
            ng = wrk(self.ng + "/api/session", self.seconds, self.connections, auth)
            return gw, ng, auth
        return self.once("1", measure)

    def line1_session_check(self):
        gw, ng, _ = self.session_check()
        self.line("1", "GET /api/session (valid token, 204) vs nginx return 204", gw, ng, 0.9)
        self.line("1b", "  same, p99 latency (lower is better)", gw, ng, 1.25, metric="p99_ms", lower_is_better=True)

    def line1_bare(self):
        """The framework's ceiling for line 1: Vert.x alone answering 204, same certificate, same wrk settings."""
        gw, ng, auth = self.session_check()
        bare, url = self.start_bare_vertx("204")
        measured = self.measure(url + "/api/session", auth, until_steady=True)
        stop(bare)
        self.line("1-bare", "bare Vert.x 5 HttpServer 204 (HTTPS) vs nginx return 204", measured, ng, 0.9)
        self.line("1/bare", "  GET /api/session vs the bare Vert.x 204 (the framework's ceiling)", gw, measured, 0.9)

    def bench_sessions_table(self):
        """pgbench's table for lines 2 and 3 (line 3 also runs alone: --only 3)."""
        self.pg.sql("CREATE TABLE IF NOT EXISTS bench_sessions (id bigserial PRIMARY KEY, owner text NOT NULL, "
                    "application text NOT NULL, cluster text NOT NULL, attributes jsonb NOT NULL, "
                    "created_at bigint NOT NULL)", db="sessiongate")

    def settle(self):
        """VACUUM ANALYZE and CHECKPOINT: the rows the last runs wrote are vacuumed and flushed now, not by
        autovacuum and a checkpoint in the middle of the next run measured (on the same 2 cores)."""
        self.pg.sql("VACUUM ANALYZE", db="sessiongate")
        self.pg.sql("CHECKPOINT", db="sessiongate")

    def line2_durable_creation(self):
        self.bench_sessions_table()
        self.settle()
        basic = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
        body = {"sessionName": "bench", "sessionPriority": 10, "serviceName": "svc", "minServices": 1, "maxServices": 4}
        script = post_script(self.tmp, "symphony", body, {"Authorization": f"Basic {basic}"})
        url = self.gw + "/platform/rest/symrest/v1/clientapi/session?applicationName=symping7.3.2"
        status, raw, _ = http("POST", url, body, {"Authorization": f"Basic {basic}"})
        if status != 200:
            raise RuntimeError(f"Symphony create answered {status}: {raw[:200]!r}")
        self.warm(url, script=script, until_steady=True)
        gw = symphony = wrk(url, self.seconds, self.connections, script=script)
        insert = ("INSERT INTO bench_sessions (owner, application, cluster, attributes, created_at) VALUES "
                  "('admin', 'symping7.3.2', 'cluster1', '{\"sessionName\":\"bench\",\"sessionPriority\":10}', "
                  "(extract(epoch from now()) * 1000)::bigint);\n")
        self.settle()
        base = self.pg.pgbench(insert, self.connections, self.seconds, self.tmp)
        self.line("2s", "Symphony POST session (PostgreSQL) vs pgbench INSERT", gw, base, 1.0)

        login = {"UserName": "admin", "Password": ADMIN_PASSWORD}
        url = self.gw + "/redfish/v1/SessionService/Sessions"
        http("POST", url, login, expect=[201])
        script = post_script(self.tmp, "redfish", login, {})
        self.settle()
        self.warm(url, script=script, until_steady=True)
        gw = wrk(url, self.seconds, self.connections, script=script)
        self.line("2r", "Redfish POST SessionService/Sessions (PostgreSQL) vs pgbench INSERT", gw, base, 1.0)
        self.measured["2"] = (symphony, gw, base)

    def line2_bare(self):
        """The framework's ceiling for line 2: Vert.x and its PostgreSQL client alone writing each POST's body as
        pgbench's row (coalesced as the gateway's creates are), vs the same pgbench INSERT; lines 2s and 2r are then
        also divided by it."""
        self.bench_sessions_table()
        creates = self.measured.get("2")
        if creates is None:
            raise RuntimeError("line 2-bare compares with line 2's runs: run it with line 2 (--only 2,2-bare)")
        symphony, redfish, base = creates
        self.settle()
        bare, url = self.start_bare_vertx("insert", self.pg.uri("sessiongate"))
        body = {"sessionName": "bench", "sessionPriority": 10, "serviceName": "svc", "minServices": 1, "maxServices": 4}
        script = post_script(self.tmp, "bare-insert", body, {})
        measured = self.measure(url + "/", script=script, until_steady=True)
        stop(bare)
        require_2xx("line 2-bare", measured)
        self.line("2-bare", "bare Vert.x + pg client: POST body -> coalesced INSERT (HTTPS) vs pgbench INSERT",
                  measured, base, 1.0)
        self.line("2s/bare", "  Symphony POST session vs the bare Vert.x insert (the framework's ceiling)", symphony,
                  measured, 0.9)
        self.line("2r/bare", "  Redfish POST SessionService/Sessions vs the bare Vert.x insert", redfish, measured, 0.9)

    def line3_lookup(self):
        self.bench_sessions_table()
        # Line 2 leaves hundreds of thousands of fresh rows: their vacuum and checkpoint are done now, not by
        # autovacuum in the middle of the reads measured here (on the same 2 cores).
        self.settle()
        self.pg.sql("INSERT INTO bench_sessions (owner, application, cluster, attributes, created_at) "
                    "SELECT 'admin', 'a', 'c', '{}', 0 FROM generate_series(1, 100000)", db="sessiongate")
        _, _, hdrs = http("POST", self.gw + "/api/session/login", {"login": "admin", "password": ADMIN_PASSWORD},
                          expect=[201])
        auth = [f"Authorization: Bearer {hdrs['X-Auth-Token']}"]
        url = self.gw + "/api/session/user"
        self.warm(url, auth, until_steady=True)
        gw = wrk(url, self.seconds, self.connections, auth)
        select = "\\set id random(1, 100000)\nSELECT * FROM bench_sessions WHERE id = :id;\n"
        base = self.pg.pgbench(select, self.connections, self.seconds, self.tmp)
        self.line("3u", "GET /api/session/user (token -> session info) vs pgbench PK SELECT", gw, base, 1.5)

        _, raw, hdrs = http("POST", self.gw + "/redfish/v1/SessionService/Sessions",
                            {"UserName": "admin", "Password": ADMIN_PASSWORD}, expect=[201])
        token = [f"X-Auth-Token: {hdrs['X-Auth-Token']}"]
        url = self.gw + hdrs["Location"]
        self.warm(url, token, until_steady=True)
        gw = wrk(url, self.seconds, self.connections, token)
        self.line("3r", "GET Redfish session by X-Auth-Token vs pgbench PK SELECT", gw, base, 1.5)

    @staticmethod
    def device(device_id, sim_port, max_sessions=4, **more):
        """A registration body for a bmc-sim on 127.0.0.1 (plain HTTP, its default account)."""
        return dict({"id": device_id, "address": f"http://127.0.0.1:{sim_port}", "tls": {"mode": "insecure"},
                     "credentials": {"username": "root", "password": "calvin"}, "maxSessions": max_sessions}, **more)

    def ensure_device(self, sim_port):
        token = self.admin_token()
        http("POST", self.gw + "/admin/devices", self.device("sim1", sim_port, maxConcurrentRequests=256),
             {"Authorization": f"Bearer {token}"}, expect=[201, 409])
        return token

    def device_proxy(self, sim_port):
        """Line 4's runs (gateway with its CPU time, nginx), shared with lines 4-bare, 9 and 10."""
        def measure():
            auth = [f"Authorization: Bearer {self.ensure_device(sim_port)}"]
            gw = self.measure(self.gw + DEVICE_PATH, auth, until_steady=True, pids=[self.gateway.pid])
            ng = wrk(self.ng + DEVICE_PATH, self.seconds, self.connections)
            return gw, ng
        return self.once("4", measure)

    def line4_device_proxy(self, sim_port):
        gw, ng = self.device_proxy(sim_port)
        self.line("4", "GET /bmc/{id}/redfish/v1/Systems/1 vs nginx proxy_pass", gw, ng, 0.9)
        self.line("4b", "  same, p99 latency (lower is better)", gw, ng, 1.2, metric="p99_ms", lower_is_better=True)

    def line4_bare(self, sim_port):
        """The framework's ceiling for line 4: vertx-http-proxy alone to the same bmc-sim, what nginx does."""
        gw, ng = self.device_proxy(sim_port)
        bare, url = self.start_bare_vertx("proxy", sim_port)
        measured = self.measure(url + DEVICE_PATH, until_steady=True, pids=[bare.pid])
        stop(bare)
        self.line("4-bare", "bare vertx-http-proxy (2 instances, keep-alive pool, Basic) vs nginx proxy_pass",
                  measured, ng, 0.9)
        self.line("4/bare", "  GET /bmc/{id}/... vs the bare vertx-http-proxy (the framework's ceiling)", gw, measured,
                  0.9)

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
        # wrk for both sides (a JVM client took a whole core and was the bottleneck at about 500 loops/s).
        gw_loop = login_logout_script(self.tmp, "loop-gw", "/bmc/sim1/redfish/v1/SessionService/Sessions",
                                      {"UserName": "admin", "Password": ADMIN_PASSWORD})
        bmc_loop = login_logout_script(self.tmp, "loop-bmc", "/redfish/v1/SessionService/Sessions",
                                       {"UserName": "root", "Password": "calvin"})
        self.warm(self.gw + "/", script=gw_loop, until_steady=True)
        gw_flow = wrk(self.gw + "/", self.seconds, self.connections, script=gw_loop)
        direct_flow = wrk(f"http://127.0.0.1:{sim_port}/", self.seconds, self.connections, script=bmc_loop)
        self.line("5b", "  log in + log out loops (64 connections): gateway vs bmc-sim (300 ms login, cap 16)",
                  dict(gw_flow, rps=gw_flow["loops_per_s"]), dict(direct_flow, rps=direct_flow["loops_per_s"]), 10.0,
                  note="loops per second (a login answered 201, then its logout 204); baseline non-2xx (the BMC's "
                       "503 at its cap): %d of %d" % (direct_flow["non_2xx"], direct_flow["requests"]))

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
        http("POST", self.gw + "/admin/devices", self.device("flood", sim), {"Authorization": f"Bearer {token}"},
             expect=[201])
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

    # ---- 8: cost growth -------------------------------------------------------------------------
    @staticmethod
    def bench_session(n):
        """Session n of line 8's fill: (Id, token), the same as fill_redfish_sessions computes in SQL."""
        return (hashlib.sha256(f"bench-id-{n}".encode()).hexdigest()[:48],
                hashlib.sha256(f"bench-token-{n}".encode()).hexdigest())

    def fill_redfish_sessions(self, template_id, first, last, statements=2):
        """Rows first..last-1 of redfish_sessions (V2), each a copy of the template session (same user, roles,
        privileges) with its own Id and token (stored as the token's SHA-256, as RedfishTokens does), just used:
        INSERT ... SELECT generate_series, one statement per core at once; then ANALYZE and CHECKPOINT, so the
        fill's aftermath is not measured. The seconds it took."""
        started = time.time()
        now_ms = "(extract(epoch from clock_timestamp()) * 1000)::bigint"
        token = "encode(sha256(convert_to('bench-token-' || n, 'UTF8')), 'hex')"

        def insert(part):
            low = first + (last - first) * part // statements
            high = first + (last - first) * (part + 1) // statements
            self.pg.sql(
                "INSERT INTO redfish_sessions (id, token_hash, user_name, tenant, user_roles, user_privileges, "
                "context, client_address, created_at, last_used_at) "
                f"SELECT left(encode(sha256(convert_to('bench-id-' || n, 'UTF8')), 'hex'), 48), "
                f"encode(sha256(convert_to({token}, 'UTF8')), 'hex'), t.user_name, t.tenant, t.user_roles, "
                f"t.user_privileges, t.context, t.client_address, {now_ms}, {now_ms} "
                f"FROM generate_series({low}, {high - 1}) AS n, redfish_sessions t WHERE t.id = '{template_id}'",
                db="sessiongate")

        with concurrent.futures.ThreadPoolExecutor(statements) as pool:
            list(pool.map(insert, range(statements)))
        self.pg.sql("ANALYZE redfish_sessions", db="sessiongate")
        self.pg.sql("CHECKPOINT")
        return time.time() - started

    def session_gets(self, numbers):
        """A wrk script GETting each session of `numbers` in turn, each with its own X-Auth-Token."""
        return rotating_script(self.tmp, f"sessions-{numbers.start}-{numbers.step}", [
            (f"/redfish/v1/SessionService/Sessions/{sid}", {"X-Auth-Token": token})
            for sid, token in map(self.bench_session, numbers)])

    def unseen_session_lookups(self, warm, measured):
        """GET each session of `measured` in turn after a warm-up on the sessions of `warm`: no cache of the
        gateway has seen a measured session, so each one's first GET reads the store (token hash, then Id) and
        the p99 carries the store's cost."""
        self.warm(self.gw + "/", script=self.session_gets(warm))
        return require_2xx("line 8", wrk(self.gw + "/", self.seconds, self.connections,
                                         script=self.session_gets(measured)))

    def line8_cost_growth(self):
        """p99 of a Redfish session GET by token with 1M sessions stored in PostgreSQL vs with 10k. The path of a
        session no cache has seen is warmed first on 20,000 throwaway sessions (so that the JIT does not favour
        the second run), then every session but the template is deleted; the table is filled to 10k (measured
        over 5,000 unseen ones), then to 1M (5,000 unseen ones spread over the table)."""
        _, _, hdrs = http("POST", self.gw + "/redfish/v1/SessionService/Sessions",
                          {"UserName": "admin", "Password": ADMIN_PASSWORD}, expect=[201])
        template = hdrs["Location"].rsplit("/", 1)[1]
        throwaway = range(2_000_000, 2_020_000)
        self.fill_redfish_sessions(template, throwaway.start, throwaway.stop)
        self.warm(self.gw + "/", script=self.session_gets(throwaway), until_steady=True)
        self.pg.sql(f"DELETE FROM redfish_sessions WHERE id <> '{template}'", db="sessiongate")
        self.pg.sql("VACUUM ANALYZE redfish_sessions", db="sessiongate")
        fill_small = self.fill_redfish_sessions(template, 0, 10_000)
        small = self.unseen_session_lookups(warm=range(0, 5_000), measured=range(5_000, 10_000))
        fill_large = self.fill_redfish_sessions(template, 10_000, 1_000_000)
        large = self.unseen_session_lookups(warm=range(10_099, 1_000_000, 198), measured=range(10_000, 1_000_000, 198))
        print(f"        fill: 10k sessions in {fill_small:.1f} s, 990k more in {fill_large:.1f} s", flush=True)
        self.line("8", "p99 GET Redfish session by token (PostgreSQL store): 1M sessions vs 10k", large, small, 1.2,
                  metric="p99_ms", lower_is_better=True,
                  note=f"fill {fill_small:.1f} s (10k) + {fill_large:.1f} s (990k); 5,000 unseen sessions per run")

    # ---- 9: fleet scale -------------------------------------------------------------------------
    FLEET = 10_000
    FLEET_READ = 1_000

    def line9_fleet_scale(self, sim_port):
        """10,000 devices registered (one bmc-sim --count 10000), GETs spread evenly over 1,000 of them: the
        gateway's live heap (after a full GC) per registered device, and the p99 against line 4's one device."""
        single, _ = self.device_proxy(sim_port)
        token = self.admin_token()
        first_port = free_port_range(self.FLEET)
        self.start_bmc_sim(max_sessions=16, latency_ms=300, count=self.FLEET, port=first_port)
        heap_before = live_heap_bytes(self.gateway.pid)
        started = time.time()
        auth = {"Authorization": f"Bearer {token}"}
        statuses = send_all(self.gw, [("POST", "/admin/devices", self.device(
            f"fleet-{i}", first_port + i, max_sessions=2, auth="session", maxConcurrentRequests=256))
            for i in range(self.FLEET)], auth)
        if set(statuses) != {201}:
            raise RuntimeError(f"fleet registration answered {sorted(set(statuses))}")
        registration_s = time.time() - started
        heap_registered = live_heap_bytes(self.gateway.pid)
        read = [f"/bmc/fleet-{i}/redfish/v1/Systems/1" for i in range(0, self.FLEET, self.FLEET // self.FLEET_READ)]
        # Each device read once first (its first BMC login takes 300 ms): the line is the fleet in use, not its first
        # logins, which a short or slow warm-up would otherwise leave in the measured run.
        statuses = send_all(self.gw, [("GET", path, None) for path in read], auth, workers=32)
        if set(statuses) != {200}:
            raise RuntimeError(f"first reads of the fleet answered {sorted(set(statuses))}")
        script = rotating_script(self.tmp, "fleet", [(path, None) for path in read])
        fleet = require_2xx("line 9", self.measure(self.gw + "/", [f"Authorization: Bearer {token}"], script,
                                                   until_steady=True))
        heap_read = live_heap_bytes(self.gateway.pid)
        stop(self.sim_processes.pop(first_port))
        per_device = (heap_read - heap_before) / self.FLEET
        print(f"        registered {self.FLEET:,} devices in {registration_s:.1f} s; live heap "
              f"{heap_registered - heap_before:+,} B once registered, {heap_read - heap_before:+,} B after reading "
              f"{self.FLEET_READ:,} of them "
              f"({(heap_read - heap_before) / self.FLEET_READ:,.0f} B per device read)", flush=True)
        self.line("9-heap", "gateway heap per registered device, 10,000 registered, 1,000 read (bytes vs 50 KiB)",
                  {"bytes": per_device}, {"bytes": 50 * 1024}, 1.0, metric="bytes", lower_is_better=True,
                  note=f"live heap {heap_before:,} B before, {heap_registered:,} B registered, {heap_read:,} B after "
                       f"the reads; registration {registration_s:.1f} s")
        self.line("9-p99", "  p99 GET spread over 1,000 of 10,000 devices vs one device (line 4)", fleet, single, 1.5,
                  metric="p99_ms", lower_is_better=True)

    # ---- 10: cluster tax ------------------------------------------------------------------------
    SHARDS = 16

    def start_cluster(self, nodes=2):
        """Gateway nodes clustered on localhost (Hazelcast tcp-ip), their own database, the same keys; once each
        sees them all and the device shards are spread (a node holds at most ceil(shards / nodes))."""
        self.pg.sql("CREATE DATABASE cluster")
        hazelcast = [free_port() for _ in range(nodes)]
        common = {"SESSIONGATE_CLUSTER_NAME": f"bench-{os.getpid()}", "SESSIONGATE_CLUSTER_HOST": "127.0.0.1",
                  "SESSIONGATE_CLUSTER_MEMBERS": ",".join(f"127.0.0.1:{p}" for p in hazelcast),
                  "SESSIONGATE_CLUSTER_DUTY_CHECK_SECONDS": "1", "SESSIONGATE_DEVICES_SHARDS": str(self.SHARDS),
                  "SESSIONGATE_AUTH_JWT_SECRET": base64.b64encode(os.urandom(32)).decode(),
                  "SESSIONGATE_DEVICES_CREDENTIAL_KEY": base64.b64encode(os.urandom(32)).decode()}
        started = [self.gateway_process(f"node{n + 1}", dict(common, SESSIONGATE_CLUSTER_PORT=str(port)),
                                        ["run", "--cluster"], db="cluster") for n, port in enumerate(hazelcast)]
        for _, url in started:
            wait_ready(url + "/health/ready", seconds=120)
        most = -(-self.SHARDS // nodes)
        wait_until("the device shards spread over the nodes", lambda: all(
            self.cluster_view(url)["members"] == nodes and 1 <= len(self.shards_held(url)) <= most
            for _, url in started) and sum(len(self.shards_held(url)) for _, url in started) == self.SHARDS)
        return started

    @staticmethod
    def cluster_view(url):
        checks = json.loads(http("GET", url + "/health/ready")[1])["checks"]
        return next(check["data"] for check in checks if check["id"] == "cluster")

    def shards_held(self, url):
        return [d for d in self.cluster_view(url)["duties"] if d.startswith("deviceproxy.shard.")]

    def shard_of(self, device_id):
        return f"deviceproxy.shard.{java_string_hash(device_id) % self.SHARDS}"

    def device_owned_by(self, url):
        held = set(self.shards_held(url))
        return next(f"tax-{i}" for i in range(10_000) if self.shard_of(f"tax-{i}") in held)

    def line10_cluster_tax(self, sim_port):
        """CPU time (/proc, the gateway processes only) per proxied GET on a 2-node cluster, the client on the
        node that does not own the device, vs line 4's single node."""
        single, _ = self.device_proxy(sim_port)
        (entry, entry_url), (owner, owner_url) = self.start_cluster(2)
        device = self.device_owned_by(owner_url)
        token = self.admin_token(entry_url)
        http("POST", entry_url + "/admin/devices", self.device(device, sim_port, maxConcurrentRequests=256),
             {"Authorization": f"Bearer {token}"}, expect=[201])
        clustered = require_2xx("line 10", self.measure(
            f"{entry_url}/bmc/{device}/redfish/v1/Systems/1", [f"Authorization: Bearer {token}"], until_steady=True,
            pids=[entry.pid, owner.pid]))
        if self.shard_of(device) not in self.shards_held(owner_url):
            raise RuntimeError(f"line 10: the shard of {device} moved off its owner during the run")
        stop(entry)
        stop(owner)
        self.line("10", "CPU per proxied GET: 2-node cluster, owner the other node, vs one node (line 4)",
                  clustered, single, 1.25, metric="cpu_us_per_request", lower_is_better=True)

    # ---- report ---------------------------------------------------------------------------------
    def report(self):
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
        out = os.path.join(ROOT, "bench", "results", stamp)
        machine = {"cpus": os.cpu_count(), "java": run(["java", "-version"]).stderr.splitlines()[0],
                   "jvm_flags": JVM_FLAGS, "wrk": f"-t2 -c{self.connections} -d{self.seconds}s",
                   "quick": self.args.quick}
        with open(out + ".json", "w") as f:
            json.dump({"when": stamp, "machine": machine, "lines": self.lines,
                       "warm_up_rps": getattr(self, "warm_runs", {})}, f, indent=2)
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
    parser.add_argument("--only", default="", help="comma-separated lines, e.g. 1,4 or 1-bare,2,2-bare,4-bare,8,9,10")
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
        failures = []
        for number, fn in [("1", bench.line1_session_check), ("1-bare", bench.line1_bare),
                           ("2", bench.line2_durable_creation), ("2-bare", bench.line2_bare),
                           ("3", bench.line3_lookup),
                           ("4", lambda: bench.line4_device_proxy(sim)), ("4-bare", lambda: bench.line4_bare(sim)),
                           ("5", lambda: bench.line5_pooled_creation(sim)), ("6", bench.line6_memory),
                           ("7", bench.line7_bmc_flood), ("8", bench.line8_cost_growth),
                           ("9", lambda: bench.line9_fleet_scale(sim)), ("10", lambda: bench.line10_cluster_tax(sim))]:
            if not only or number in only:
                try:
                    fn()
                except Exception as failed:  # one line that cannot run does not lose the others' results
                    print(f"  {number:<5} could not run: {failed}", flush=True)
                    bench.lines.append({"line": number, "name": "could not run", "error": str(failed),
                                        "ratio": None, "goal_met": False})
                    failures.append(number)
        bench.report()
        if failures:
            raise SystemExit(f"lines that could not run: {', '.join(failures)}")
    finally:
        stop_all()
        bench.pg.stop()
        print(f"done in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
