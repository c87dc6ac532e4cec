#!/usr/bin/env python3
"""Scale: mypi vs nginx as the index grows (issue 7, "Scale"). Same machine, same run, loopback only.

  python3 bench/scale.py [--work /tmp/mypi-scale --sizes 2000,20000,100000 --big-files 5000
                          --duration 8 --warmup 3 --rounds 1 --heap 256m --uploads 20 --restarts 3]
  python3 bench/scale.py --no-build --sizes 200,2000 --big-files 500 --duration 2   # a quick check of the harness

What it measures (every page figure against nginx serving the identical bytes exported from mypi):
 a) project pages at each of --sizes projects with the same per-project shape (one wheel each):
    req/s, p50, p99, HTML and JSON, wrk rotating over every project (bench/wrk/projects.lua);
 b) one project of --big-files files (beside 10 small projects): its page in HTML and JSON, plain and
    gzip (bench/wrk/one_url.lua; nginx serves mypi's own gzip bytes with gzip_static);
 c) the root page /simple/ of the largest size: that it carries an ETag and If-None-Match gives a 304;
    req/s, p50, p99 of the page (HTML plain and gzip) and of the 304 revalidation;
 d) restarts with the largest index (one file per project): seconds from process start to the first 200
    on /simple/ and, in a separate restart, on a project page (--restarts rounds, median), plus the
    first (cold) import of the folder and the restart of a 10-file index for comparison;
 e) --uploads uploads of one small wheel (curl, multipart as twine sends it; curl's time_total) into the
    largest index and into a 10-project index, alternating between the two servers after a warm-up;
    median and 90th percentile: O(project), not O(index), means the two medians are about equal;
 f) VmRSS (and VmHWM) of mypi after the loads of a) and c) on the largest index, at --heap.

The jar is built unless --no-build (or given with --jar) and started as
`java -Xmx<heap> -jar mypi-server.jar --port P --root WORK/data-<corpus> --no-request-log` (plus bench/run.py's
--max-upload-size and --spool-dir, $MYPI_BENCH_JVM_FLAGS, and --import-unindexed startup on the first start of a
data folder). Every mypi data folder is new each run (hard links to the corpus), so the first start is the cold
import of the current jar; later starts wait for the server's background folder scan before measuring. Corpora (bench/gen_corpus.py) are cached in WORK/corpora; the
static trees for nginx in WORK/static are reused when a sample of pages (and the whole root page) is
byte-identical to what this jar serves, otherwise exported again. Results: WORK/scale.md and WORK/scale.json;
server logs: WORK/logs. Ports 18950-18951 (mypi) and 18960 (nginx) unless --port-base says otherwise.
Servers started here are stopped on success, failure, Ctrl-C and SIGTERM.

Time: about 8 minutes plus the first imports and part d) (run of 2026-11-21 17:22 UTC, quiet 2-core machine,
--skip d: 506 s in all; imports of 2,000 / 20,000 / 100,000 files 3 / 12 / 53 s; with the jar before the
import was parallelised they took 13 / 167 / 770 s on a loaded machine). --skip a,b,c,d,e,f leaves parts out.

Needs: java 17, maven, python3, wrk, nginx, curl (apt-get install -y wrk nginx curl).
"""
import argparse
import gzip
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402
import run  # noqa: E402

ROOT = run.ROOT
JSON_ACCEPT = run.JSON_ACCEPT
BIG_PROJECT = "Huge.Project"
SMALL_PROJECTS = 10
log = run.log


class BenchError(Exception):
    """A failure the person running the benchmark can act on; printed without a traceback."""


def check_port_free(port):
    with socket.socket() as s:
        s.settimeout(1)
        if s.connect_ex(("127.0.0.1", port)) == 0:
            raise BenchError(f"port {port} is already in use (a server left from an earlier run? "
                             f"see `ss -ltnp 'sport = :{port}'`); stop it or pass another --port-base")


def get(base, path, headers=None, timeout=120):
    """One GET; returns (status, headers as a dict with lower-case names, body)."""
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def tail(path, lines=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


class Server(run.Mypi):
    """bench/run.py's Mypi with a log file, a start that notices the process dying or hanging, a wait
    for the first 200 on any path, and a stop that always ends the process group."""

    def __init__(self, jar, data, port, heap, spool, log_path, extra=()):
        super().__init__(jar, data, port, heap, spool, extra)
        self.port = port
        self.log_path = log_path
        self.t0 = None

    def launch(self):
        check_port_free(self.port)
        with open(self.log_path, "a") as f:
            f.write(f"\n=== {time.strftime('%H:%M:%S')} {' '.join(self.command())}\n")
        self.t0 = time.monotonic()
        self.popen()

    def wait_200(self, path, timeout):
        """Seconds from launch to the first 200 on path; polls every 20 ms."""
        while True:
            if self.proc.poll() is not None:
                raise BenchError(f"mypi exited with status {self.proc.returncode} before answering {path}; "
                                 f"last lines of {self.log_path}:\n{tail(self.log_path)}")
            left = timeout - (time.monotonic() - self.t0)
            if left <= 0:
                raise BenchError(f"mypi gave no 200 on {self.url}{path} within {timeout:.0f} s (--start-timeout); "
                                 f"last lines of {self.log_path}:\n{tail(self.log_path)}")
            try:
                if get(self.url, path, timeout=max(1.0, min(left, 120)))[0] == 200:
                    return time.monotonic() - self.t0
            except OSError:
                pass
            time.sleep(0.02)

    def start(self, timeout=900, path="/simple/"):
        self.launch()
        return self.wait_200(path, timeout)

    def stop(self):
        if not self.proc:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            log(f"mypi on port {self.port} did not stop within 60 s of SIGTERM: killing it")
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        except ProcessLookupError:
            pass
        self.proc = None

    def index_loaded_line(self):
        """The server's last 'Index loaded' log line (how many changes it replayed), or ''."""
        lines = [line.strip() for line in open(self.log_path, errors="replace") if "Index loaded" in line]
        return lines[-1].split(" - ", 1)[-1] if lines else ""


class Nginx:
    """Debian's nginx in the foreground (daemon off) in its own process group, on bench/run.py's config."""

    def __init__(self, work, port, static):
        self.work, self.port, self.static = work, port, static
        self.url = f"http://127.0.0.1:{port}"
        self.conf = os.path.join(work, "nginx.conf")
        self.proc = None

    def start(self):
        check_port_free(self.port)
        os.makedirs(self.work, exist_ok=True)
        with open(self.conf, "w") as f:
            f.write(run.NGINX_CONF.format(work=self.work, port=self.port, static=self.static))
        err = open(os.path.join(self.work, "nginx-stderr.log"), "ab")
        self.proc = subprocess.Popen(["nginx", "-c", self.conf, "-g", "daemon off;"], stdout=err, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        err.close()
        t0 = time.monotonic()
        while time.monotonic() - t0 < 30:
            if self.proc.poll() is not None:
                raise BenchError(f"nginx exited with status {self.proc.returncode}; see {self.work}/nginx-stderr.log and "
                                 f"{self.work}/nginx-error.log:\n{tail(os.path.join(self.work, 'nginx-stderr.log'))}")
            try:
                if get(self.url, "/simple/", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise BenchError(f"nginx gave no 200 on {self.url}/simple/ within 30 s; see {self.work}/nginx-error.log")

    def stop(self):
        if not self.proc:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        except ProcessLookupError:
            pass
        self.proc = None


class Running:
    """Every server started in this run, so that all of them are stopped however the run ends."""

    def __init__(self):
        self.servers = []

    def add(self, server):
        self.servers.append(server)
        return server

    def stop(self, server):
        server.stop()
        if server in self.servers:
            self.servers.remove(server)

    def stop_all(self):
        for server in reversed(self.servers):
            try:
                server.stop()
            except Exception as e:  # keep stopping the others
                log(f"could not stop {server}: {e}")
        self.servers.clear()


def corpus(work, key, args):
    """Generates (once) and returns WORK/corpora/KEY made by gen_corpus.py with args; a folder without
    the completion marker (an interrupted generation) is made again."""
    out = os.path.join(work, "corpora", key)
    marker = os.path.join(out, ".complete")
    if os.path.exists(marker) and open(marker).read() == " ".join(args):
        return out
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.monotonic()
    run.sh([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--out", out, *args])
    log(f"corpus {key}: {time.monotonic() - t0:.0f} s")
    with open(marker, "w") as f:
        f.write(" ".join(args))
    return out


def fresh_data(work, key, corpus_dir):
    """A new mypi root of hard links to the corpus files (no journal: the first start imports)."""
    data = os.path.join(work, f"data-{key}")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    files = os.path.join(corpus_dir, "files")
    for f in os.listdir(files):
        os.link(os.path.join(files, f), os.path.join(data, f))
    return data


def static_tree(work, key, mypi, names, corpus_dir, gzip_names=()):
    """WORK/static/KEY: mypi's pages for nginx (no files or .metadata: only pages are measured here). Reused
    when the root page (HTML, JSON, gzip) and a sample of project pages equal what this mypi serves."""
    static = os.path.join(work, "static", key)
    marker = os.path.join(static, ".export-complete")
    if os.path.exists(marker):
        sample = random.Random(7).sample(names, min(200, len(names))) + list(gzip_names)
        if all(static_matches(mypi.url, static, n, n in gzip_names) for n in [None] + sample):
            log(f"static tree {key}: reused (sampled pages identical)")
            return static, "reused (sampled pages identical to this jar's)"
        log(f"static tree {key}: differs from this jar's pages, exporting again")
    shutil.rmtree(static, ignore_errors=True)
    t0 = time.monotonic()
    run.export_static(mypi.url, names + [gen_corpus.normalize(n) for n in gzip_names], os.path.join(corpus_dir, "files"),
                      static, metadata=False, files=False, gzip_root=True,
                      gzip_names=[gen_corpus.normalize(n) for n in gzip_names], workers=4)
    took = time.monotonic() - t0
    open(marker, "w").close()
    log(f"static tree {key}: exported in {took:.0f} s")
    return static, f"exported in {took:.0f} s"


def static_matches(base, static, name, with_gzip):
    path = "/simple/" if name is None else f"/simple/{gen_corpus.normalize(name)}/"
    d = os.path.join(static, path.strip("/"))
    variants = [("index.html", {}), ("index.json", {"Accept": JSON_ACCEPT})]
    if with_gzip or name is None:
        variants += [("index.html.gz", {"Accept-Encoding": "gzip"}),
                     ("index.json.gz", {"Accept": JSON_ACCEPT, "Accept-Encoding": "gzip"})]
    for fn, headers in variants:
        try:
            with open(os.path.join(d, fn), "rb") as f:
                if f.read() != get(base, path, headers)[2]:
                    return False
        except OSError:
            return False
    return True


def same_answer(targets, path, headers):
    """Fetches path from each target with headers; returns whether status and body agree, and facts."""
    answers = {t: get(url, path, headers) for t, url in targets}
    (s0, h0, b0), *others = answers.values()
    facts = {t: {"status": s, "bytes": len(b), "content_encoding": h.get("content-encoding", ""), "etag": h.get("etag", "")}
             for t, (s, h, b) in answers.items()}
    return all(s == s0 and b == b0 for s, _, b in others), facts


class Measure:
    """Runs wrk scenarios against mypi and nginx: a warm-up of each, then --rounds rounds alternating
    which goes first; keeps every run with the load average around it and reports medians."""

    def __init__(self, a):
        self.a = a

    def __call__(self, targets, script, path="/", env_for=None, conns=None):
        a = self.a
        runs = {t: [] for t, _ in targets}
        lua = os.path.join(HERE, "wrk", script)
        for rnd in range(a.rounds):
            order = targets if rnd % 2 == 0 else list(reversed(targets))
            for t, url in order:
                env = env_for or {}
                if rnd == 0 and a.warmup > 0:
                    run.wrk(url + path, lua, a.warmup, a.threads, conns or a.conns, env, a.timeout)
                before = run.loadavg()
                r = run.wrk(url + path, lua, a.duration, a.threads, conns or a.conns, env, a.timeout)
                r["load_before"], r["load_after"] = before, run.loadavg()
                runs[t].append(r)
                log(f"  {t:5} {script} {path} {json.dumps({k: v for k, v in env.items() if k != 'MYPI_BENCH_NAMES'})}: "
                    f"{r['rps']:,.0f} req/s p50 {r['p50_ms']:.2f} ms p99 {r['p99_ms']:.2f} ms, load {r['load_after']}")
        return {t: summarise(rs) for t, rs in runs.items()}


def summarise(rs):
    return {"rps": run.median([r["rps"] for r in rs]), "p50_ms": run.median([r["p50_ms"] for r in rs]),
            "p99_ms": run.median([r["p99_ms"] for r in rs]), "non2xx3xx": sum(r["non2xx3xx"] for r in rs),
            "socket_errors": sum(r.get("socket_errors", 0) for r in rs), "runs": rs}


def percentile(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def curl_upload(base, path, name, version):
    """One upload as twine sends it; returns curl's time_total in seconds."""
    with open(path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    out = subprocess.run(["curl", "-s", "--max-time", "120", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                          "-F", f"name={name}", "-F", f"version={version}", "-F", "filetype=bdist_wheel", "-F", "pyversion=py3",
                          "-F", f"sha256_digest={sha256}", "-F", ":action=file_upload", "-F", "protocol_version=1",
                          "-F", f"content=@{path};filename={os.path.basename(path)}", base + "/legacy/"],
                         text=True, capture_output=True).stdout.split()
    if not out or out[0] != "200":
        raise BenchError(f"upload of {os.path.basename(path)} to {base} answered {out[0] if out else 'nothing (curl failed)'}")
    return float(out[1])


def uploads(servers, folder, count, warmups=5):
    """Uploads wheels of one new project (versions 1.0.0 ... ) into each server, alternating between the
    servers (the order flips every round), after `warmups` uploads of another project to each."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)

    def wheel(name, version):
        fn, data = gen_corpus.wheel(name, version, "", [])
        path = os.path.join(folder, fn)
        with open(path, "wb") as f:
            f.write(data)
        return path

    for i in range(warmups):
        path = wheel("Scale.Warmup", f"0.0.{i}")
        for _, url in servers:
            curl_upload(url, path, "Scale.Warmup", f"0.0.{i}")
    times = {label: [] for label, _ in servers}
    for i in range(count):
        version = f"1.0.{i}"
        path = wheel("Scale.Probe", version)
        for label, url in (servers if i % 2 == 0 else list(reversed(servers))):
            times[label].append(curl_upload(url, path, "Scale.Probe", version))
    return {label: {"median_ms": run.median(t) * 1000, "p90_ms": percentile(t, 90) * 1000, "min_ms": min(t) * 1000,
                    "max_ms": max(t) * 1000, "all_ms": [round(x * 1000, 2) for x in t]} for label, t in times.items()}


def java_flags(heap):
    # the same flags the servers get ($MYPI_BENCH_JVM_FLAGS after -Xmx, as run.Mypi passes them)
    extra = os.environ.get("MYPI_BENCH_JVM_FLAGS", "").split()
    out = subprocess.run(["java", f"-Xmx{heap}", *extra, "-XX:+PrintCommandLineFlags", "-version"], text=True, capture_output=True)
    text = out.stdout + out.stderr
    return {"flags": text.splitlines()[0].strip() if text else "",
            "version": next((line.strip() for line in text.splitlines() if "version" in line), "")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/mypi-scale")
    ap.add_argument("--sizes", default="2000,20000,100000", help="project counts for a); c) to f) use the largest")
    ap.add_argument("--big-files", type=int, default=5000, help="files of the big project of b)")
    ap.add_argument("--duration", type=int, default=8, help="seconds of each measured wrk run")
    ap.add_argument("--warmup", type=int, default=10,
                    help="seconds of wrk before the first measured run of each scenario (the JIT compiler needs 10-20 s of load on 2 cores)")
    ap.add_argument("--rounds", type=int, default=1, help="measured runs per scenario and server (median reported)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--conns", type=int, default=32)
    ap.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout, seconds")
    ap.add_argument("--heap", default="256m")
    ap.add_argument("--uploads", type=int, default=20, help="uploads into each index for e)")
    ap.add_argument("--restarts", type=int, default=3, help="restarts per first request (/simple/, project page) for d)")
    ap.add_argument("--start-timeout", type=int, default=1800, help="seconds allowed for a start (the cold import too)")
    ap.add_argument("--port-base", type=int, default=18950, help="mypi on this port and the next, nginx on this + 10")
    ap.add_argument("--jar", help="server jar to measure (default: mypi-server/target/mypi-server.jar, built first)")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--skip", default="", help="comma-separated parts to leave out: a,b,c,d,e,f (c, e, f need a's largest size)")
    a = ap.parse_args()
    sizes = sorted(int(s) for s in a.sizes.split(","))
    skip = set(filter(None, a.skip.split(",")))
    for tool in ("java", "wrk", "nginx", "curl"):
        if not shutil.which(tool):
            raise BenchError(f"{tool} not found: apt-get install -y wrk nginx curl (and a JDK 17)")
    work = os.path.abspath(a.work)
    for d in ("logs", "corpora", "static"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    jar = os.path.abspath(a.jar) if a.jar else os.path.join(ROOT, "mypi-server", "target", "mypi-server.jar")
    if not a.jar and not a.no_build:
        run.sh(["mvn", "-B", "-q", "-f", os.path.join(ROOT, "pom.xml"), "-pl", "mypi-server", "-am", "package", "-DskipTests"])
    if not os.path.isfile(jar):
        raise BenchError(f"no server jar at {jar}: build it (mvn -B -q -pl mypi-server -am package -DskipTests) or pass --jar")

    running = Running()

    def on_signal(signum, _frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    t_run = time.monotonic()
    git = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h %s"], text=True, capture_output=True).stdout.strip()
    results = {"machine": run.sh("nproc").strip() + " cores, " + run.sh("grep -m1 'model name' /proc/cpuinfo").split(":")[1].strip(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": git,
               "jar": jar, "jar_sha256": hashlib.sha256(open(jar, "rb").read()).hexdigest()[:16],
               "heap": a.heap, "java": java_flags(a.heap), "nginx": run.sh("nginx -v 2>&1").strip(),
               "wrk": f"-t{a.threads} -c{a.conns} -d{a.duration}s --timeout {a.timeout}s, warm-up {a.warmup} s, "
                      f"{a.rounds} round(s)",
               "load_start": run.loadavg(), "command": " ".join([os.path.basename(sys.executable), *sys.argv]),
               "sizes": {}, "phase_s": {}}
    measure = Measure(a)
    mypi_port, small_port, nginx_port = a.port_base, a.port_base + 1, a.port_base + 10
    spool = os.path.join(work, "spool")
    os.makedirs(spool, exist_ok=True)

    def server(key, data, port=mypi_port):
        return running.add(Server(jar, data, port, a.heap, spool, os.path.join(work, "logs", f"mypi-{key}.log")))

    def phase(name, t0):
        results["phase_s"][name] = round(time.monotonic() - t0, 1)

    try:
        largest = sizes[-1]
        # a) (and c, f on the largest size) ----------------------------------------------------------------
        for n in ([] if "a" in skip else sizes):
            t0 = time.monotonic()
            key = f"p{n}"
            cdir = corpus(work, key, ["--projects", str(n), "--versions", "1", "--wheels-only"])
            names = open(os.path.join(cdir, "projects.txt")).read().split()
            r = results["sizes"][str(n)] = {"files": len(os.listdir(os.path.join(cdir, "files")))}
            mypi = server(key, fresh_data(work, key, cdir))
            r["cold_start_import_s"] = mypi.start(a.start_timeout)
            running.stop(mypi)
            r["warm_start_s"] = mypi.start(a.start_timeout)
            mypi.wait_scan()  # the server's background folder scan: over before anything is measured
            r["index_loaded"] = mypi.index_loaded_line()
            r["static"] = static_tree(work, key, mypi, names, cdir)[1]
            nginx = running.add(Nginx(os.path.join(work, f"nginx-{key}"), nginx_port, os.path.join(work, "static", key)))
            nginx.start()
            targets = [("mypi", mypi.url), ("nginx", nginx.url)]
            sample = random.Random(3).sample(names, min(20, len(names)))
            r["same_bytes"] = all(same_answer(targets, f"/simple/{s}/", h)[0] for s in sample for h in ({}, {"Accept": JSON_ACCEPT}))
            env = {"MYPI_BENCH_NAMES": os.path.join(cdir, "projects.txt")}
            log(f"a) {n} projects")
            r["project_html"] = measure(targets, "projects.lua", env_for=env)
            r["project_json"] = measure(targets, "projects.lua", env_for={**env, "MYPI_BENCH_ACCEPT": JSON_ACCEPT})
            if n == largest:
                root = results["root"] = {"projects": n}
                if "c" not in skip:
                    log(f"c) root page of {n} projects")
                    for label, headers in (("html", {}), ("html_gzip", {"Accept-Encoding": "gzip"})):
                        same, facts = same_answer(targets, "/simple/", headers)
                        root[f"{label}_same_bytes"], root[f"{label}_answer"] = same, facts
                    etags = {t: root["html_answer"][t]["etag"] for t, _ in targets}
                    root["etag"] = etags
                    root["revalidate_status"] = {t: get(url, "/simple/", {"If-None-Match": etags[t]})[0] if etags[t] else None
                                                 for t, url in targets}
                    root["html"] = measure(targets, "one_url.lua", "/simple/")
                    root["html_gzip"] = measure(targets, "one_url.lua", "/simple/", {"MYPI_BENCH_ENCODING": "gzip"})
                    if all(root["revalidate_status"].values()):
                        root["revalidate_304"] = {}
                        for t, url in targets:  # each server with its own ETag
                            root["revalidate_304"].update(measure([(t, url)], "one_url.lua", "/simple/",
                                                                  {"MYPI_BENCH_IF_NONE_MATCH": etags[t]}))
                if "f" not in skip:
                    results["rss"] = {"files": r["files"], "heap": a.heap, "cmd": " ".join(mypi.cmd),
                                      "vmrss_mib": run.rss_mib(mypi.proc.pid), "vmhwm_mib": run.peak_rss_mib(mypi.proc.pid),
                                      "after": "the wrk runs of a)" + (" and c)" if "c" not in skip else "")}
            running.stop(nginx)
            running.stop(mypi)
            phase(f"a_{n}", t0)
        # d) restarts and e) uploads on the largest index ------------------------------------------------------
        key = f"p{largest}"
        data = os.path.join(work, f"data-{key}")
        if ("d" not in skip or "e" not in skip) and not os.path.isdir(os.path.join(data, "_mypi")):
            cdir = corpus(work, key, ["--projects", str(largest), "--versions", "1", "--wheels-only"])
            data = fresh_data(work, key, cdir)
            mypi = server(key, data)
            results["sizes"].setdefault(str(largest), {})["cold_start_import_s"] = mypi.start(a.start_timeout)
            running.stop(mypi)
        names = open(os.path.join(work, "corpora", key, "projects.txt")).read().split()
        probe = names[len(names) // 2]
        small_cdir = corpus(work, f"p{SMALL_PROJECTS}", ["--projects", str(SMALL_PROJECTS), "--versions", "1", "--wheels-only"])
        small_data = fresh_data(work, f"p{SMALL_PROJECTS}", small_cdir)
        small = server(f"p{SMALL_PROJECTS}", small_data, small_port)
        small_cold = small.start(a.start_timeout)
        running.stop(small)
        if "d" not in skip:
            t0 = time.monotonic()
            log(f"d) restarts with {largest} files")
            d = results["restart"] = {"files": len(os.listdir(os.path.join(work, "corpora", key, "files"))),
                                      "project": probe, "small_cold_start_s": small_cold}
            for label, path in (("root", "/simple/"), ("project", f"/simple/{probe}/")):
                times = []
                for _ in range(a.restarts):
                    mypi = server(key, data)
                    mypi.launch()
                    times.append(mypi.wait_200(path, a.start_timeout))
                    d["index_loaded"] = mypi.index_loaded_line()
                    running.stop(mypi)
                    log(f"  first 200 on {path}: {times[-1]:.2f} s")
                d[f"{label}_s"] = times
                d[f"{label}_median_s"] = run.median(times)
            small_times = []
            for _ in range(a.restarts):
                small_times.append(small.start(a.start_timeout))
                running.stop(small)
            d["small_root_median_s"] = run.median(small_times)
            phase("d", t0)
        if "e" not in skip:
            t0 = time.monotonic()
            log(f"e) uploads into {largest} files vs {SMALL_PROJECTS}")
            mypi = server(key, data)
            mypi.start(a.start_timeout)
            small.start(a.start_timeout)
            mypi.wait_scan()
            small.wait_scan()
            e = results["upload"] = uploads([("large", mypi.url), ("small", small.url)], os.path.join(work, "uploads"), a.uploads)
            e["large_files"], e["small_files"] = len(os.listdir(os.path.join(work, "corpora", key, "files"))), SMALL_PROJECTS
            e["count"] = a.uploads
            running.stop(mypi)
            running.stop(small)
            phase("e", t0)
        # b) one project of --big-files files -----------------------------------------------------------------
        if "b" not in skip:
            t0 = time.monotonic()
            key = f"big{a.big_files}"
            cdir = corpus(work, key, ["--projects", str(SMALL_PROJECTS), "--versions", "1", "--big-project", BIG_PROJECT,
                                      "--big-project-files", str(a.big_files)])
            names = open(os.path.join(cdir, "projects.txt")).read().split()
            big = gen_corpus.normalize(BIG_PROJECT)
            b = results["big"] = {"files": a.big_files, "project": big}
            mypi = server(key, fresh_data(work, key, cdir))
            b["cold_start_import_s"] = mypi.start(a.start_timeout)
            running.stop(mypi)
            b["warm_start_s"] = mypi.start(a.start_timeout)
            mypi.wait_scan()
            b["static"] = static_tree(work, key, mypi, names, cdir, gzip_names=[BIG_PROJECT])[1]
            nginx = running.add(Nginx(os.path.join(work, f"nginx-{key}"), nginx_port, os.path.join(work, "static", key)))
            nginx.start()
            targets = [("mypi", mypi.url), ("nginx", nginx.url)]
            log(f"b) project of {a.big_files} files")
            for label, env in (("html", {}), ("json", {"MYPI_BENCH_ACCEPT": JSON_ACCEPT}),
                               ("html_gzip", {"MYPI_BENCH_ENCODING": "gzip"}),
                               ("json_gzip", {"MYPI_BENCH_ACCEPT": JSON_ACCEPT, "MYPI_BENCH_ENCODING": "gzip"})):
                headers = {h: env[k] for h, k in (("Accept", "MYPI_BENCH_ACCEPT"), ("Accept-Encoding", "MYPI_BENCH_ENCODING")) if k in env}
                same, facts = same_answer(targets, f"/simple/{big}/", headers)
                b[label] = measure(targets, "one_url.lua", f"/simple/{big}/", env)
                b[label]["same_bytes"], b[label]["answer"] = same, facts
            running.stop(nginx)
            running.stop(mypi)
            phase("b", t0)
    finally:
        running.stop_all()
    results["load_end"] = run.loadavg()
    results["total_s"] = round(time.monotonic() - t_run, 1)
    with open(os.path.join(work, "scale.json"), "w") as f:
        json.dump(results, f, indent=2)
    table = render(results)
    with open(os.path.join(work, "scale.md"), "w") as f:
        f.write(table)
    print(table)


def ratio_rows(label, m, n):
    """Rows req/s, p50, p99 for one scenario: mypi, nginx, mypi/nginx, target."""
    return [f"| {label} req/s | {m['rps']:,.0f} | {n['rps']:,.0f} | {m['rps'] / n['rps']:.2f} | ≥ 0.8 |",
            f"| {label} p50 ms | {m['p50_ms']:,.2f} | {n['p50_ms']:,.2f} | {m['p50_ms'] / n['p50_ms']:.2f} | — |",
            f"| {label} p99 ms | {m['p99_ms']:,.2f} | {n['p99_ms']:,.2f} | {m['p99_ms'] / n['p99_ms']:.2f} | ≤ 2 |"]


def errors_of(*scenarios):
    return sum(s[t]["non2xx3xx"] + s[t]["socket_errors"] for s in scenarios for t in s if isinstance(s[t], dict) and "rps" in s[t])


def render(r):
    out = [f"Machine: {r['machine']}. Date: {r['date']}. Commit: {r['commit']} (jar sha256 {r['jar_sha256']}…). "
           f"JVM: {r['java']['version']}, -Xmx{r['heap']} ({r['java']['flags']}). {r['nginx']}. wrk {r['wrk']}. "
           f"Load average (1/5/15 min) at start {r['load_start']}, at end {r['load_end']}. Whole run {r['total_s']:.0f} s.",
           "", f"Command: `{r['command']}`", ""]
    if r["sizes"]:
        out += ["### a) Project pages vs the number of projects (one wheel per project; wrk rotates over all of them)", "",
                "| projects (files) | first import s | warm start s | HTML req/s mypi / nginx (ratio) | HTML p50 / p99 ms mypi | "
                "HTML p50 / p99 ms nginx | JSON req/s mypi / nginx (ratio) | JSON p50 / p99 ms mypi | JSON p50 / p99 ms nginx | errors |",
                "|---|---:|---:|---|---|---|---|---|---|---:|"]
        for n, s in r["sizes"].items():
            if "project_html" not in s:
                continue
            h, j = s["project_html"], s["project_json"]
            out.append(f"| {int(n):,} ({s['files']:,}) | {s['cold_start_import_s']:.1f} | {s['warm_start_s']:.2f} | "
                       f"{h['mypi']['rps']:,.0f} / {h['nginx']['rps']:,.0f} ({h['mypi']['rps'] / h['nginx']['rps']:.2f}) | "
                       f"{h['mypi']['p50_ms']:.2f} / {h['mypi']['p99_ms']:.2f} | {h['nginx']['p50_ms']:.2f} / {h['nginx']['p99_ms']:.2f} | "
                       f"{j['mypi']['rps']:,.0f} / {j['nginx']['rps']:,.0f} ({j['mypi']['rps'] / j['nginx']['rps']:.2f}) | "
                       f"{j['mypi']['p50_ms']:.2f} / {j['mypi']['p99_ms']:.2f} | {j['nginx']['p50_ms']:.2f} / {j['nginx']['p99_ms']:.2f} | "
                       f"{errors_of(h, j)} |")
        out.append("")
        out.append("- identical bytes from mypi and nginx (20 sampled projects, HTML and JSON): "
                   + ", ".join(f"{int(n):,}: {'yes' if s.get('same_bytes') else 'NO'}" for n, s in r["sizes"].items() if "same_bytes" in s))
        out.append("- index state on the warm start: " + "; ".join(f"{int(n):,}: {s.get('index_loaded', '')}" for n, s in r["sizes"].items()))
        out.append("")
    if "big" in r:
        b = r["big"]
        out += [f"### b) One project of {b['files']:,} files (`/simple/{b['project']}/`, beside {SMALL_PROJECTS} small projects)", "",
                "| figure | mypi | nginx | mypi / nginx | target |", "|---|---:|---:|---:|---|"]
        for label in ("html", "json", "html_gzip", "json_gzip"):
            out += ratio_rows(label.replace("_", " ").upper().replace("GZIP", "gzip"), b[label]["mypi"], b[label]["nginx"])
        out.append("")
        out.append("- page sizes (bytes as sent): " + ", ".join(
            f"{label.replace('_', ' ')} {b[label]['answer']['mypi']['bytes']:,}" for label in ("html", "json", "html_gzip", "json_gzip"))
            + "; identical bytes from both: " + ", ".join(f"{label} {'yes' if b[label]['same_bytes'] else 'NO'}"
                                                          for label in ("html", "json", "html_gzip", "json_gzip")))
        out.append(f"- first import of the {b['files'] + SMALL_PROJECTS * 2:,} files: {b['cold_start_import_s']:.1f} s; "
                   f"warm start {b['warm_start_s']:.2f} s; errors in the wrk runs: "
                   f"{errors_of(*(b[l] for l in ('html', 'json', 'html_gzip', 'json_gzip')))}")
        out.append("")
    if "root" in r and "html" in r["root"]:
        c = r["root"]
        out += [f"### c) Root page `/simple/` of {c['projects']:,} projects", "",
                "| figure | mypi | nginx | mypi / nginx | target |", "|---|---:|---:|---:|---|"]
        out += ratio_rows("HTML", c["html"]["mypi"], c["html"]["nginx"])
        out += ratio_rows("HTML gzip", c["html_gzip"]["mypi"], c["html_gzip"]["nginx"])
        if "revalidate_304" in c:
            m, n = c["revalidate_304"]["mypi"], c["revalidate_304"]["nginx"]
            out.append(f"| 304 revalidation req/s | {m['rps']:,.0f} | {n['rps']:,.0f} | {m['rps'] / n['rps']:.2f} | — |")
            out.append(f"| 304 revalidation p99 ms | {m['p99_ms']:,.2f} | {n['p99_ms']:,.2f} | {m['p99_ms'] / n['p99_ms']:.2f} | — |")
        out.append("")
        ans = c["html_answer"]
        out.append(f"- ETag on the 200: mypi `{c['etag']['mypi'] or 'NONE'}`, nginx `{c['etag']['nginx'] or 'NONE'}`; "
                   f"If-None-Match with it answers: mypi {c['revalidate_status']['mypi']}, nginx {c['revalidate_status']['nginx']}")
        out.append(f"- page size: HTML {ans['mypi']['bytes']:,} bytes, gzip {c['html_gzip_answer']['mypi']['bytes']:,} bytes; identical bytes "
                   f"from both: HTML {'yes' if c['html_same_bytes'] else 'NO'}, gzip {'yes' if c['html_gzip_same_bytes'] else 'NO'}; "
                   f"errors in the wrk runs: {errors_of(c['html'], c['html_gzip'], *(c.get('revalidate_304') and [c['revalidate_304']] or []))}")
        out.append("")
    if "restart" in r:
        d = r["restart"]
        big = r["sizes"].get(str(max(int(k) for k in r["sizes"])), {}) if r["sizes"] else {}
        out += [f"### d) Restart with {d['files']:,} files (target: first answer < 2 s)", "",
                "| figure | seconds |", "|---|---:|"]
        if "cold_start_import_s" in big:
            out.append(f"| first start: cold import of the folder, to the first 200 on `/simple/` | {big['cold_start_import_s']:.1f} |")
        out.append(f"| warm restart: process start to the first 200 on `/simple/` (median of {len(d['root_s'])}) | {d['root_median_s']:.2f} |")
        out.append(f"| warm restart: process start to the first 200 on `/simple/{d['project']}/` (median of {len(d['project_s'])}) | {d['project_median_s']:.2f} |")
        out.append(f"| for comparison: restart of a {SMALL_PROJECTS}-file index to the first 200 on `/simple/` (median) | {d['small_root_median_s']:.2f} |")
        out.append("")
        out.append(f"- every restart: `/simple/` {', '.join(f'{x:.2f}' for x in d['root_s'])} s; project page "
                   f"{', '.join(f'{x:.2f}' for x in d['project_s'])} s; the server's log: \"{d.get('index_loaded', '')}\"")
        out.append("")
    if "upload" in r:
        e = r["upload"]
        out += [f"### e) Upload of one small wheel: into {e['large_files']:,} files vs into {e['small_files']} "
                f"({e['count']} uploads each, alternating; curl time_total)", "",
                "| index | median ms | p90 ms | min ms | max ms |", "|---|---:|---:|---:|---:|",
                f"| {e['large_files']:,} files | {e['large']['median_ms']:.1f} | {e['large']['p90_ms']:.1f} | {e['large']['min_ms']:.1f} | {e['large']['max_ms']:.1f} |",
                f"| {e['small_files']} files | {e['small']['median_ms']:.1f} | {e['small']['p90_ms']:.1f} | {e['small']['min_ms']:.1f} | {e['small']['max_ms']:.1f} |",
                "", f"- ratio of the medians (large / small): {e['large']['median_ms'] / e['small']['median_ms']:.2f} (≈ 1 means O(project))", ""]
    if "rss" in r:
        f = r["rss"]
        out += [f"### f) Memory after load with {f['files']:,} files", "",
                f"- VmRSS {f['vmrss_mib']:.0f} MiB, VmHWM {f['vmhwm_mib']:.0f} MiB (target: RSS ≤ 256 MiB) after {f['after']}; "
                f"`{f['cmd']}`; JVM flags: {r['java']['flags']}", ""]
    out.append("Phases (s): " + ", ".join(f"{k} {v:.0f}" for k, v in r["phase_s"].items()))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        log(f"scale.py: {e}")
        sys.exit(2)
