#!/usr/bin/env python3
"""mypi vs nginx on the same corpus, same machine, same run. Loopback only.

  python3 bench/run.py [--projects 2000 --versions 5 --big-mb 1024 --duration 10 --work /tmp/mypi-bench]
  python3 bench/run.py --metrics both [--rounds 3 --baseline-jar OTHER.jar]   # the cost of /metrics only

Steps: build the server jar (unless --no-build); generate the corpus (bench/gen_corpus.py); start mypi
on it (cold start = first import, then warm restart); export mypi's own pages, files and .metadata
files into a static tree and serve it with Debian's nginx (so both serve identical bytes); run wrk
(bench/wrk/*.lua) on the root page, project pages (HTML, JSON) and 304 revalidation, once on each as a
warm-up and then --rounds times, mypi and nginx alternating (the report gives the medians and every
run: single runs on a 2-core machine shared with wrk swing, p99 most); download the big file; upload it
(mypi) against raw disk write speed (dd with fsync; one upload to warm up, then --upload-rounds of dd,
an upload whose file part is sent with sendfile(2) and one with curl, alternating; medians; each round also
measures what no server avoids here, loopback TCP and SHA-256, and the MiB/s they alone allow) and record
mypi's peak RSS; upload 16 wheels of
different projects one by one, then all at once (--upload-count, --upload-mb); pip install 20 projects
from each, alternating, --pip-rounds times after --pip-warmup seconds of wrk over the paths pip fetches
(pages, .metadata, files) on each server and one install round (median; the median of the paired
ratios is reported too); record mypi's RSS. Prints a markdown table with ratios and writes WORK/results.md and
WORK/results.json.

--metrics on|off runs that comparison with the server's metrics on (its default) or off (--no-metrics).
--metrics both measures only what metrics cost: the project-page scenario (HTML and JSON) on mypi with
metrics on and off, alternating for --rounds rounds (each on a fresh JVM, after a warm-up), with the
load average before and after each run; --baseline-jar adds a server jar built without metrics
(started without the flag). Writes WORK/metrics-cost.md and WORK/metrics-cost.json.

Needs: java 17, maven, python3 with pip, wrk, nginx, curl (apt-get install -y wrk nginx curl).
"""
import argparse
import http.client
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

import pip_pairs  # bench/pip_pairs.py, beside this script

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JSON_ACCEPT = "application/vnd.pypi.simple.v1+json"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    log("+", cmd if isinstance(cmd, str) else " ".join(cmd))
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, text=True, capture_output=True, **kw).stdout


def wait_200(url, timeout=600):
    t0 = time.monotonic()
    u = urllib.parse.urlsplit(url)
    while time.monotonic() - t0 < timeout:
        try:
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
            c.request("GET", u.path)
            if c.getresponse().status == 200:
                return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"no 200 from {url} within {timeout}s")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1


class Mypi:
    """One mypi server process. The first start on a data folder (no _mypi/ in it yet) runs with
    --import-unindexed startup, so it answers only once the folder is imported: that is the cold start.
    Later starts answer at once and scan the folder in the background (the server's default) a few
    seconds later; wait_scan() waits for that scan to end, so that it does not run during a measurement.
    The server's output goes to log_path (default: <data>.log). $MYPI_BENCH_JVM_FLAGS adds JVM options
    after -Xmx (a later -Xmx wins), e.g. the memory settings of docs/benchmarks.md."""
    SCAN_DONE = "new distribution files in"

    def __init__(self, jar, data, port, heap, spool, extra=(), log_path=None):
        jvm_flags = os.environ.get("MYPI_BENCH_JVM_FLAGS", "").split()
        self.cmd = ["java", f"-Xmx{heap}", *jvm_flags, "-jar", jar, "--port", str(port), "--root", data,
                    "--no-request-log", "--max-upload-size", "4GiB", "--spool-dir", spool, *extra]
        self.data = data
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path or data.rstrip("/") + ".log"
        self.proc = None
        self.scans_before = 0

    def command(self):
        cold = not os.path.isdir(os.path.join(self.data, "_mypi"))
        return self.cmd + (["--import-unindexed", "startup"] if cold else [])

    def scans_logged(self):
        if not os.path.exists(self.log_path):
            return 0
        with open(self.log_path, errors="replace") as f:
            return sum(1 for line in f if self.SCAN_DONE in line)

    def popen(self):
        self.scans_before = self.scans_logged()
        out = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        out.close()

    def start(self):
        t0 = time.monotonic()
        self.popen()
        wait_200(self.url + "/simple/")
        return time.monotonic() - t0

    def wait_scan(self, timeout=1800):
        """Waits until this process logged the end of its folder scan (on or after start)."""
        t0 = time.monotonic()
        while self.scans_logged() <= self.scans_before:
            if self.proc is None or self.proc.poll() is not None:
                raise SystemExit(f"mypi exited before its folder scan ended; see {self.log_path}")
            if time.monotonic() - t0 > timeout:
                raise SystemExit(f"mypi's folder scan did not end within {timeout}s; see {self.log_path}")
            time.sleep(0.2)
        return time.monotonic() - t0

    def stop(self):
        if self.proc:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(30)
            self.proc = None


def export_static(base, names, corpus_files, static, metadata=True, files=True, gzip_root=False, gzip_names=(), workers=1):
    """Copies mypi's rendered pages (HTML and JSON), its .metadata files and (hard links to) the
    distributions into an nginx document root with the same URL layout. metadata=False / files=False
    leave out the .metadata files / the distributions; gzip_root and gzip_names also store mypi's
    gzip encoding of those pages as index.html.gz and index.json.gz (served by nginx's gzip_static);
    workers > 1 fetches the projects over that many connections at once."""
    from concurrent.futures import ThreadPoolExecutor
    import threading
    u = urllib.parse.urlsplit(base)
    local = threading.local()

    def get(path, accept=None, gzip=False):
        if not hasattr(local, "c"):
            local.c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        headers = {"Accept": accept} if accept else {}
        if gzip:
            headers["Accept-Encoding"] = "gzip"
        local.c.request("GET", path, headers=headers)
        r = local.c.getresponse()
        body = r.read()
        if r.status != 200:
            raise SystemExit(f"{path}: {r.status}")
        if gzip and r.getheader("Content-Encoding") != "gzip":
            raise SystemExit(f"{path}: no gzip encoding in the answer to Accept-Encoding: gzip")
        return body

    def put(path, data):
        with open(path, "wb") as f:
            f.write(data)

    def page(path, d, with_gzip):
        put(os.path.join(d, "index.html"), get(path))
        json_page = get(path, JSON_ACCEPT)
        put(os.path.join(d, "index.json"), json_page)
        if with_gzip:
            put(os.path.join(d, "index.html.gz"), get(path, gzip=True))
            put(os.path.join(d, "index.json.gz"), get(path, JSON_ACCEPT, gzip=True))
        return json_page

    gzip_names = set(gzip_names)
    os.makedirs(os.path.join(static, "simple"), exist_ok=True)
    page("/simple/", os.path.join(static, "simple"), gzip_root)

    def project(name):
        d = os.path.join(static, "simple", name)
        os.makedirs(d, exist_ok=True)
        json_page = page(f"/simple/{name}/", d, name in gzip_names)
        if not (files or metadata):
            return
        for file in json.loads(json_page)["files"]:
            rel = urllib.parse.unquote(urllib.parse.urljoin(f"/simple/{name}/", file["url"]))
            target = os.path.join(static, rel.lstrip("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if files and not os.path.exists(target):
                os.link(os.path.join(corpus_files, file["filename"]), target)
            if metadata and file.get("core-metadata"):
                put(target + ".metadata", get(urllib.parse.quote(rel) + ".metadata"))

    if workers <= 1:
        for name in names:
            project(name)
    else:
        with ThreadPoolExecutor(workers) as pool:
            for _ in pool.map(project, names, chunksize=64):
                pass


NGINX_CONF = """worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  map $http_accept $idx {{ default index.html; "~application/vnd\\.pypi\\.simple\\.v1\\+json" index.json; }}
  types {{ text/html html; application/vnd.pypi.simple.v1+json json; application/octet-stream whl gz metadata; }}
  etag on; gzip_static on;
  server {{
    listen 127.0.0.1:{port};
    root {static};
    location /simple/ {{ index $idx; try_files $uri/$idx $uri =404; }}
    location /files/ {{ }}
  }}
}}
"""


def steal_s():
    """CPU-seconds the hypervisor has taken from this VM's vCPUs since boot (all cores; /proc/stat)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()  # cpu user nice system idle iowait irq softirq steal ...
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def wrk(url, script, duration, threads, conns, env=None, timeout=None):
    """Runs wrk; returns req/s, p50/p99 in ms, the count of non-2xx/3xx answers and of socket errors
    (connect, read, write, timeout: requests that got no answer, left out of the latencies), and the
    CPU-seconds the hypervisor took from the VM meanwhile (steal; 0 on bare metal)."""
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}s", "--latency", "-s", script, url]
    if timeout:
        cmd[1:1] = ["--timeout", f"{timeout}s"]
    stolen = steal_s()
    out = subprocess.run(cmd, check=True, text=True, capture_output=True, env={**os.environ, **(env or {})}).stdout
    stolen = steal_s() - stolen
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out)
        v = float(m.group(1))
        return {"us": v / 1000, "ms": v, "s": v * 1000}[m.group(2)]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": rps, "p50_ms": ms("50"), "p99_ms": ms("99"), "non2xx3xx": int(errors.group(1)) if errors else 0,
            "socket_errors": sum(int(g) for g in sock.groups()) if sock else 0, "steal_s": round(stolen, 2)}


def pip_paths(base, names, out):
    """Writes the paths `pip install` of names fetches, and more: each project's page and every file
    of it, with its .metadata where the page offers one (bench/wrk/paths.lua reads them)."""
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    with open(out, "w") as f:
        for name in names:
            page = f"/simple/{name}/"
            c.request("GET", page, headers={"Accept": JSON_ACCEPT})
            r = c.getresponse()
            body = r.read()
            f.write(page + "\n")
            for file in json.loads(body)["files"]:
                path = urllib.parse.urlsplit(urllib.parse.urljoin(page, file["url"])).path
                f.write(path + "\n")
                if file.get("core-metadata"):
                    f.write(path + ".metadata\n")


def fetch_etags(base, names, out):
    u = urllib.parse.urlsplit(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    with open(out, "w") as f:
        for name in names:
            c.request("GET", f"/simple/{name}/")
            r = c.getresponse()
            r.read()
            f.write(f"{name}\t{r.getheader('ETag')}\n")


def curl_download(url):
    out = sh(["curl", "-s", "-o", "/dev/null", "-w", "%{speed_download} %{size_download} %{http_code}", url])
    speed, size, code = out.split()
    assert code == "200", out
    return float(speed) / (1 << 20)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/mypi-bench")
    ap.add_argument("--projects", type=int, default=2000)
    ap.add_argument("--versions", type=int, default=5)
    ap.add_argument("--big-mb", type=int, default=1024)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--conns", type=int, default=32)
    ap.add_argument("--heap", default="256m")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--pip-count", type=int, default=20)
    ap.add_argument("--upload-count", type=int, default=16, help="wheels uploaded one by one, then all at once")
    ap.add_argument("--upload-mb", type=int, default=8, help="size of each of those wheels")
    ap.add_argument("--metrics", choices=("on", "off", "both"), default="on",
                    help="server metrics in the comparison (on: the default; off: --no-metrics); both: measure their cost only")
    ap.add_argument("--rounds", type=int, default=3,
                    help="wrk runs of each scenario on mypi and on nginx, alternating, after a warm-up; the report gives medians "
                         "(with --metrics both: runs of each configuration)")
    ap.add_argument("--upload-rounds", type=int, default=3,
                    help="dd and the big upload, alternating after one upload to warm up; the medians count")
    ap.add_argument("--pip-rounds", type=int, default=60, help="pip installs from mypi and from nginx, alternating; the median counts (two identical nginx servers measured 0.992 with 60 pairs, 0.978 and 1.029 with 25)")
    ap.add_argument("--pip-warmup", type=int, default=10,
                    help="seconds of wrk (one connection) over the paths pip fetches, on each server, before the installs")
    ap.add_argument("--baseline-jar", help="with --metrics both: also measure this server jar (built without metrics)")
    a = ap.parse_args()

    work = os.path.abspath(a.work)
    jar = os.path.join(ROOT, "mypi-server", "target", "mypi-server.jar")
    if not a.no_build:
        sh(["mvn", "-B", "-q", "-f", os.path.join(ROOT, "pom.xml"), "-pl", "mypi-server", "-am", "package", "-DskipTests"])
    corpus = os.path.join(work, f"corpus-{a.projects}x{a.versions}-{a.big_mb}")
    if not os.path.isdir(corpus):
        sh([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--out", corpus, "--projects", str(a.projects),
            "--versions", str(a.versions), "--big-mb", str(a.big_mb)])
    names = open(os.path.join(corpus, "projects.txt")).read().split()
    files = os.path.join(corpus, "files")
    if a.metrics == "both":
        return metrics_cost(a, jar, corpus, files, work)
    data, static, spool = (os.path.join(work, d) for d in ("data", "static", "spool"))
    for d in (data, static, spool):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    for f in os.listdir(files):
        os.link(os.path.join(files, f), os.path.join(data, f))
    results = {"machine": sh("nproc").strip() + " cores, " + sh("grep -m1 'model name' /proc/cpuinfo").split(":")[1].strip(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "corpus": f"{a.projects} projects x {a.versions} versions ({len(os.listdir(files))} files)",
               "metrics": a.metrics}
    mypi = Mypi(jar, data, 18700, a.heap, spool, [] if a.metrics == "on" else ["--no-metrics"])
    results["cold_start_first_import_s"] = mypi.start()
    mypi.stop()
    results["warm_start_s"] = mypi.start()
    mypi.wait_scan()  # the background scan of the folder finds nothing new, but not during the measurements
    log("exporting static pages")
    export_static(mypi.url, names + (["big-payload"] if a.big_mb else []), files, static)
    with open(os.path.join(work, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(work=work, port=18701, static=static))
    subprocess.run(["nginx", "-c", os.path.join(work, "nginx.conf")], check=True)
    nginx_url = "http://127.0.0.1:18701"
    wait_200(nginx_url + "/simple/")
    try:
        lua = os.path.join(HERE, "wrk")
        env = {"MYPI_BENCH_NAMES": os.path.join(corpus, "projects.txt")}
        targets = (("mypi", mypi.url), ("nginx", nginx_url))

        def scenarios(target, url):
            etags = os.path.join(work, f"etags-{target}.tsv")
            return (("root_html", url + "/simple/", "root.lua", {}),
                    ("project_html", url, "projects.lua", env),
                    ("project_json", url, "projects.lua", {**env, "MYPI_BENCH_ACCEPT": JSON_ACCEPT}),
                    ("revalidate_304", url, "revalidate.lua", {**env, "MYPI_BENCH_ETAGS": etags}))

        for target, url in targets:  # warm-up, not recorded: the JIT compiler needs 10-20 s of load on 2 cores
            fetch_etags(url, names, os.path.join(work, f"etags-{target}.tsv"))
            for _, u, script, e in scenarios(target, url):
                wrk(u, os.path.join(lua, script), max(5, a.duration), a.threads, a.conns, e)
        runs = {target: {} for target, _ in targets}
        for rnd in range(a.rounds):  # alternating, so that both see the same moments of a noisy machine
            for target, url in (targets if rnd % 2 == 0 else targets[::-1]):
                log(f"round {rnd + 1}/{a.rounds}: {target}")
                for name, u, script, e in scenarios(target, url):
                    runs[target].setdefault(name, []).append(wrk(u, os.path.join(lua, script), a.duration, a.threads, a.conns, e))
        for target, url in targets:
            r = results.setdefault(target, {})
            for name, each in runs[target].items():
                r[name] = {**{k: median([x[k] for x in each]) for k in ("rps", "p50_ms", "p99_ms")},
                           "non2xx3xx": sum(x["non2xx3xx"] for x in each),
                           "socket_errors": sum(x["socket_errors"] for x in each), "rounds": each}
            if a.big_mb:
                big = "/files/big-payload/big_payload-1.0.0-py3-none-any.whl"
                r["download_mb_s"] = max(curl_download(url + big) for _ in range(3))
        results["mypi"]["rss_after_load_mib"] = rss_mib(mypi.proc.pid)
        if a.big_mb:
            big_file = os.path.join(files, "big_payload-1.0.0-py3-none-any.whl")
            size = os.path.getsize(big_file)
            # One upload first, not recorded, as every other figure here is taken after a warm-up: the
            # first upload of a fresh JVM runs its copy, search and hash loops before they are compiled
            # (it is reported, as "cold"). Then dd and the upload alternate, and the medians count: dd
            # itself swings between runs on a VM.
            results["mypi"]["upload_cold_mb_s"] = upload_big(mypi.url, big_file, size)
            dds, dd_cpus, ups, curls, floors = [], [], [], [], []
            for _ in range(a.upload_rounds):
                sh("sync")
                c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.monotonic()
                sh(f"dd if={big_file} of={work}/dd.out bs=1M conv=fsync status=none")
                dds.append(size / (1 << 20) / (time.monotonic() - t0))
                c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                os.remove(f"{work}/dd.out")
                dd_cpus.append((c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime) * (1 << 30) / size)
                floors.append(upload_floor(big_file, size))
                sh("sync")
                ups.append(upload_big_sendfile(mypi.url, big_file, size))
                sh("sync")
                curls.append(upload_big(mypi.url, big_file, size))
            results["disk_write_mb_s"] = median(dds)
            results["disk_write_rounds"] = dds
            results["disk_write_cpu_s_per_gib"] = dd_cpus
            results["upload_floor_rounds"] = floors
            results["mypi"]["upload_mb_s"] = median(ups)
            results["mypi"]["upload_rounds"] = ups
            results["mypi"]["upload_curl_mb_s"] = median(curls)
            results["mypi"]["upload_curl_rounds"] = curls
            results["mypi"]["upload_peak_rss_mib"] = peak_rss_mib(mypi.proc.pid)
        results["mypi"]["uploads_16"] = upload_many(mypi.url, work, a.upload_count, a.upload_mb)
        pips = names[: a.pip_count]
        results["pip_count"] = len(pips)
        # pip fetches pages, .metadata files and wheels. The wrk runs above warmed mypi's page path
        # only; a fresh JVM serves its first thousand or so .metadata and file requests at 1-4 ms
        # instead of 0.1 (interpreted and C1 code), which nine installs (540 requests) never get
        # past. As for every other figure here, both servers are warmed first, over those paths.
        paths = os.path.join(work, "pip-paths.txt")
        pip_paths(mypi.url, pips, paths)
        for target, url in targets:
            wrk(url, os.path.join(lua, "paths.lua"), a.pip_warmup, 1, 1, {"MYPI_BENCH_PATHS": paths})
        log(f"pip install of {len(pips)} projects, {a.pip_rounds} rounds per server, alternating")
        each = pip_pairs.alternate([url for _, url in targets], pips, a.pip_rounds, work)
        times = {target: t for (target, _), t in zip(targets, each)}
        for target, _ in targets:
            results[target]["pip_install_s"] = median(times[target])
            results[target]["pip_install_runs"] = times[target]
        results["pip_pair_ratios"] = [m / n for m, n in zip(times["mypi"], times["nginx"])]
    finally:
        subprocess.run(["nginx", "-c", os.path.join(work, "nginx.conf"), "-s", "stop"])
        mypi.stop()
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    table = render(results)
    with open(os.path.join(work, "results.md"), "w") as f:
        f.write(table)
    print(table)


def loadavg():
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def metrics_cost(a, jar, corpus, files, work):
    """The project-page wrk scenario against mypi with metrics on and off (and a baseline jar)."""
    data, spool = os.path.join(work, "data-metrics"), os.path.join(work, "spool")
    for d in (data, spool):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    for f in os.listdir(files):
        os.link(os.path.join(files, f), os.path.join(data, f))
    configs = [("on", jar, []), ("off", jar, ["--no-metrics"])]
    if a.baseline_jar:
        configs.append(("baseline", os.path.abspath(a.baseline_jar), []))
    env = {"MYPI_BENCH_NAMES": os.path.join(corpus, "projects.txt")}
    lua = os.path.join(HERE, "wrk", "projects.lua")
    results = {"machine": sh("nproc").strip() + " cores, " + sh("grep -m1 'model name' /proc/cpuinfo").split(":")[1].strip(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "corpus": f"{a.projects} projects x {a.versions} versions ({len(os.listdir(files))} files)",
               "duration_s": a.duration, "threads": a.threads, "conns": a.conns, "rounds": a.rounds,
               "load_start": loadavg(), "runs": []}
    first = Mypi(jar, data, 18702, a.heap, spool, ["--no-metrics"])
    results["first_start_import_s"] = first.start()  # the first start imports the folder; later ones read the journal
    first.stop()
    for rnd in range(a.rounds):
        for label, j, extra in (configs if rnd % 2 == 0 else list(reversed(configs))):
            mypi = Mypi(j, data, 18702, a.heap, spool, extra)
            mypi.start()
            try:
                wrk(mypi.url, lua, max(3, a.duration // 2), a.threads, a.conns, env)  # warm-up: JIT, page cache
                run = {"config": label, "round": rnd, "load_before": loadavg()}
                run["project_html"] = wrk(mypi.url, lua, a.duration, a.threads, a.conns, env)
                run["project_json"] = wrk(mypi.url, lua, a.duration, a.threads, a.conns, {**env, "MYPI_BENCH_ACCEPT": JSON_ACCEPT})
                run["load_after"] = loadavg()
                if label == "on":
                    t0 = time.monotonic()
                    body = sh(["curl", "-s", mypi.url + "/metrics"])
                    run["scrape_ms"] = (time.monotonic() - t0) * 1000
                    run["scrape_bytes"] = len(body.encode())
                    run["scrape_series"] = sum(1 for line in body.splitlines() if line and not line.startswith("#"))
                results["runs"].append(run)
                log(label, rnd, run["project_html"]["rps"], run["project_json"]["rps"], run["load_after"])
            finally:
                mypi.stop()
    results["load_end"] = loadavg()
    with open(os.path.join(work, "metrics-cost.json"), "w") as f:
        json.dump(results, f, indent=2)
    table = render_metrics_cost(results, [c[0] for c in configs])
    with open(os.path.join(work, "metrics-cost.md"), "w") as f:
        f.write(table)
    print(table)


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def render_metrics_cost(r, labels):
    out = [f"Machine: {r['machine']}. Date: {r['date']}. Corpus: {r['corpus']}. wrk -t{r['threads']} -c{r['conns']} "
           f"-d{r['duration_s']}s, {r['rounds']} rounds per configuration (alternating, fresh JVM, warm-up first). "
           f"Load average (1/5/15 min) at start {r['load_start']}, at end {r['load_end']}.", "",
           "| scenario | figure | " + " | ".join(f"metrics {l}" if l != "baseline" else "baseline jar" for l in labels)
           + " | on / off |", "|---|---|" + "---:|" * (len(labels) + 1)]
    for scenario in ("project_html", "project_json"):
        for key, label in (("rps", "req/s (median)"), ("p50_ms", "p50 ms (median)"), ("p99_ms", "p99 ms (median)")):
            med = {l: median([run[scenario][key] for run in r["runs"] if run["config"] == l]) for l in labels}
            cells = " | ".join(f"{med[l]:,.2f}" for l in labels)
            out.append(f"| {scenario.replace('_', ' ')} | {label} | {cells} | {med['on'] / med['off']:.3f} |")
    out.append("")
    out.append("Every run (req/s HTML / JSON, load average before → after):")
    out.append("")
    for run in r["runs"]:
        out.append(f"- round {run['round']} metrics {run['config']}: {run['project_html']['rps']:,.0f} / "
                   f"{run['project_json']['rps']:,.0f} req/s, p99 {run['project_html']['p99_ms']:.1f} / "
                   f"{run['project_json']['p99_ms']:.1f} ms, load {run['load_before']} → {run['load_after']}"
                   + (f"; scrape of /metrics: {run['scrape_ms']:.0f} ms, {run['scrape_bytes']:,} bytes, "
                      f"{run['scrape_series']} series" if "scrape_ms" in run else ""))
    errors = sum(run[s]["non2xx3xx"] for run in r["runs"] for s in ("project_html", "project_json"))
    out.append(f"- non-2xx/3xx responses in all runs: {errors}")
    return "\n".join(out) + "\n"


def twine_digests(path, which="twine"):
    """The digest form fields an upload of `path` sends: twine 4 sends md5_digest, sha256_digest and
    blake2_256_digest ("twine"); "sha256" sends sha256_digest alone."""
    import hashlib
    hashes = {"sha256_digest": hashlib.sha256()}
    if which == "twine":
        hashes["md5_digest"] = hashlib.md5()
        hashes["blake2_256_digest"] = hashlib.blake2b(digest_size=32)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            for h in hashes.values():
                h.update(chunk)
    return [arg for name, h in hashes.items() for arg in ("-F", f"{name}={h.hexdigest()}")]


def upload_big(base, path, size, digests="twine"):
    """Uploads the big wheel with curl as twine would (multipart form, the digest fields before the
    file part); returns MiB/s. `digests`: "twine" (md5, sha256 and blake2_256, as twine 4 sends them)
    or "sha256" (sha256_digest only)."""
    fields = twine_digests(path, digests)  # computed before the clock starts
    # The same file was imported from the folder: the upload runs the whole path (parse, spool, hash,
    # read metadata, store) and is answered 200 as an identical re-upload.
    t0 = time.monotonic()
    out = sh(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-F", "name=Big_Payload", "-F", "version=1.0.0",
              "-F", "filetype=bdist_wheel", "-F", "pyversion=py3"] + fields +
             ["-F", ":action=file_upload", "-F", "protocol_version=1",
              "-F", f"content=@{path};filename=big_payload-1.0.0-py3-none-any.whl", base + "/legacy/"])
    elapsed = time.monotonic() - t0
    assert out == "200", out
    return size / (1 << 20) / elapsed


def upload_big_sendfile(base, path, size, digests="twine"):
    """Uploads the big wheel as upload_big does (the same form fields, in the same order), but sends
    the file part with sendfile(2), from the page cache to the socket: the client then costs the
    2-core machine almost no CPU (curl spends about 0.4 CPU-seconds per GiB reading and copying),
    so what is measured is the server. Returns MiB/s."""
    import socket
    import uuid
    fields = twine_digests(path, digests)
    pairs = [("name", "Big_Payload"), ("version", "1.0.0"), ("filetype", "bdist_wheel"), ("pyversion", "py3")]
    pairs += [tuple(fields[i + 1].split("=", 1)) for i in range(0, len(fields), 2)]
    pairs += [(":action", "file_upload"), ("protocol_version", "1")]
    boundary = "------------------------" + uuid.uuid4().hex[:16]
    head = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in pairs)
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="content"; '
             f'filename="big_payload-1.0.0-py3-none-any.whl"\r\nContent-Type: application/octet-stream\r\n\r\n').encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    u = urllib.parse.urlsplit(base)
    request = (f"POST /legacy/ HTTP/1.1\r\nHost: {u.netloc}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
               f"Content-Length: {len(head) + size + len(tail)}\r\nConnection: close\r\n\r\n").encode()
    t0 = time.monotonic()
    with socket.create_connection((u.hostname, u.port)) as sock, open(path, "rb") as f:
        sock.sendall(request + head)
        sock.sendfile(f)
        sock.sendall(tail)
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    elapsed = time.monotonic() - t0
    status = response.split(b" ", 2)[1] if response.count(b" ") >= 2 else response[:80]
    assert status == b"200", response[:500]
    return size / (1 << 20) / elapsed


def upload_floor(path, size):
    """What the big upload cannot avoid on this machine when the client runs on it too and the server
    checks the SHA-256 the client sent (the pages carry it): the CPU-seconds per GiB of the bytes
    crossing loopback TCP (a sendfile(2) sender and a receiver reading into a 1 MiB buffer, both
    ends) and of SHA-256 over them (hashlib, i.e. OpenSSL with the CPU's SHA extensions where it has
    them; user time only, so the read's copy is not counted), and the MiB/s those two alone allow
    when spread perfectly over every core. Nothing else (parsing, copies, the write, the client's
    HTTP) is counted: no server gets there, it is a ceiling."""
    import hashlib
    import socket
    gib = size / (1 << 30)
    srv = socket.create_server(("127.0.0.1", 0))
    pid = os.fork()
    if pid == 0:  # the sender
        try:
            with socket.create_connection(srv.getsockname()) as c, open(path, "rb") as f:
                c.sendfile(f)
        finally:
            os._exit(0)
    conn, _ = srv.accept()
    buf = memoryview(bytearray(1 << 20))
    r0 = resource.getrusage(resource.RUSAGE_THREAD)
    while conn.recv_into(buf):
        pass
    r1 = resource.getrusage(resource.RUSAGE_THREAD)
    conn.close()
    srv.close()
    _, _, sender = os.wait4(pid, 0)
    tcp = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime) + sender.ru_utime + sender.ru_stime
    h = hashlib.sha256()
    with open(path, "rb", buffering=0) as f:
        h0 = resource.getrusage(resource.RUSAGE_THREAD)
        while n := f.readinto(buf):
            h.update(buf[:n])
        h1 = resource.getrusage(resource.RUSAGE_THREAD)
    sha = h1.ru_utime - h0.ru_utime
    cores = os.cpu_count() or 1
    return {"tcp_cpu_s": tcp / gib, "sha256_cpu_s": sha / gib, "cores": cores, "mb_s": cores * 1024 / ((tcp + sha) / gib)}


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1


def make_wheel(path, name, version, payload_mb):
    """A valid wheel with an uncompressed payload of random bytes."""
    import zipfile
    dist = f"{name.replace('-', '_')}-{version}.dist-info"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{dist}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        z.writestr(f"{dist}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(f"{name.replace('-', '_')}/payload.bin", os.urandom(payload_mb << 20))
        z.writestr(f"{dist}/RECORD", "")


def upload_many(base, work, count, payload_mb, digests="twine"):
    """Uploads `count` wheels of different projects one after another (version 1.0.0), then the
    same projects' 2.0.0 wheels all at once (one curl each); returns both wall times. `digests` as
    for upload_big."""
    from concurrent.futures import ThreadPoolExecutor
    folder = os.path.join(work, "uploads")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    jobs = {}
    for version in ("1.0.0", "2.0.0"):
        jobs[version] = []
        for i in range(count):
            name = f"upload-bench-{i:02d}"
            path = os.path.join(folder, f"{name.replace('-', '_')}-{version}-py3-none-any.whl")
            make_wheel(path, name, version, payload_mb)
            jobs[version].append((name, version, path))

    fields = {job[2]: twine_digests(job[2], digests) for jobs_ in jobs.values() for job in jobs_}

    def one(job):
        name, version, path = job
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-F", f"name={name}"] +
                             fields[path] +
                             ["-F", f"version={version}", "-F", "filetype=bdist_wheel", "-F", "pyversion=py3",
                              "-F", ":action=file_upload", "-F", "protocol_version=1",
                              "-F", f"content=@{path};filename={os.path.basename(path)}", base + "/legacy/"],
                             check=True, text=True, capture_output=True).stdout
        assert out == "200", (path, out)

    subprocess.run(["sync"])
    t0 = time.monotonic()
    for job in jobs["1.0.0"]:
        one(job)
    sequential = time.monotonic() - t0
    subprocess.run(["sync"])
    t0 = time.monotonic()
    with ThreadPoolExecutor(count) as pool:
        list(pool.map(one, jobs["2.0.0"]))
    concurrent = time.monotonic() - t0
    return {"count": count, "mb_each": payload_mb, "digests": digests, "sequential_s": sequential,
            "concurrent_s": concurrent}


def render(r):
    m, n = r["mypi"], r["nginx"]
    rows = [("`/simple/` HTML req/s", m["root_html"]["rps"], n["root_html"]["rps"], "≥ 0.8"),
            ("`/simple/` HTML p99 ms", m["root_html"]["p99_ms"], n["root_html"]["p99_ms"], "≤ 2 (lower is better)"),
            ("project page HTML req/s", m["project_html"]["rps"], n["project_html"]["rps"], "≥ 0.8"),
            ("project page HTML p99 ms", m["project_html"]["p99_ms"], n["project_html"]["p99_ms"], "≤ 2 (lower is better)"),
            ("project page JSON req/s", m["project_json"]["rps"], n["project_json"]["rps"], "≥ 0.8"),
            ("project page JSON p99 ms", m["project_json"]["p99_ms"], n["project_json"]["p99_ms"], "≤ 2 (lower is better)"),
            ("304 revalidation req/s", m["revalidate_304"]["rps"], n["revalidate_304"]["rps"], "—")]
    if "download_mb_s" in m:
        rows.append(("big file download MiB/s", m["download_mb_s"], n["download_mb_s"], "≥ 0.9"))
    rows.append((f"`pip install` of {r.get('pip_count', 20)} projects, s", m["pip_install_s"], n["pip_install_s"], "≤ 1.05 (lower is better)"))
    out = [f"Machine: {r['machine']}. Date: {r['date']}. Corpus: {r['corpus']}. mypi metrics: {r.get('metrics', 'on')}.", "",
           "| figure | mypi | nginx (static) | mypi / nginx | target |", "|---|---:|---:|---:|---|"]
    for label, mv, nv, target in rows:
        out.append(f"| {label} | {mv:,.2f} | {nv:,.2f} | {mv / nv:.2f} | {target} |")
    out.append("")
    out.append(f"- req/s, p50 and p99 are medians of {len(m['project_html'].get('rounds', [None]))} wrk runs per scenario, "
               "mypi and nginx alternating after a warm-up run of each; every run (req/s, p99 ms, and the CPU-seconds the "
               "hypervisor took from the VM during the run where it took any):")
    for scenario in ("root_html", "project_html", "project_json", "revalidate_304"):
        if "rounds" in m[scenario]:
            steal = lambda x: f" / steal {x['steal_s']:.1f} s" if x.get("steal_s", 0) >= 0.05 else ""
            cells = lambda t: ", ".join(f"{x['rps']:,.0f} / {x['p99_ms']:.2f}{steal(x)}" for x in t[scenario]["rounds"])
            out.append(f"  - {scenario.replace('_', ' ')}: mypi {cells(m)}; nginx {cells(n)}")
    if "pip_install_runs" in m:
        out.append(f"- `pip install` times, s (median counts): mypi {', '.join(f'{t:.2f}' for t in m['pip_install_runs'])}; "
                   f"nginx {', '.join(f'{t:.2f}' for t in n['pip_install_runs'])}")
        if r.get("pip_pair_ratios"):
            out.append(f"- `pip install`, mypi/nginx per alternating pair: median {median(r['pip_pair_ratios']):.3f} "
                       f"(range {min(r['pip_pair_ratios']):.2f}-{max(r['pip_pair_ratios']):.2f})")
    out.append("- 304 revalidation: every request carries the page's current ETag (If-None-Match).")
    out.append(f"- non-2xx/3xx responses: mypi {sum(v.get('non2xx3xx', 0) for v in m.values() if isinstance(v, dict))}, "
               f"nginx {sum(v.get('non2xx3xx', 0) for v in n.values() if isinstance(v, dict))}")
    out.append(f"- mypi cold start (first import of the folder): {r['cold_start_first_import_s']:.1f} s; "
               f"warm restart to first 200: {r['warm_start_s']:.2f} s; RSS after load: {m['rss_after_load_mib']:.0f} MiB")
    if "upload_mb_s" in m:
        out.append(f"- upload of the big wheel (file part sent with sendfile): {m['upload_mb_s']:.0f} MiB/s; raw disk write "
                   f"(dd, fsync): {r['disk_write_mb_s']:.0f} MiB/s; ratio {m['upload_mb_s'] / r['disk_write_mb_s']:.2f} (target ≥ 0.8; "
                   f"medians of {len(m.get('upload_rounds', [0]))} alternating rounds after one warm-up upload); "
                   f"mypi peak RSS (VmHWM) after it: {m['upload_peak_rss_mib']:.0f} MiB")
        if "upload_rounds" in m:
            out.append(f"  - with curl as the client: {m['upload_curl_mb_s']:.0f} MiB/s, ratio "
                       f"{m['upload_curl_mb_s'] / r['disk_write_mb_s']:.2f}")
            if r.get("upload_floor_rounds"):
                f = r["upload_floor_rounds"]
                part = lambda k: median([x[k] for x in f])
                out.append(f"  - what no server avoids here (client on the same {f[0]['cores']} cores, SHA-256 checked), CPU-s per GiB: "
                           f"loopback TCP {part('tcp_cpu_s'):.2f} (both ends), SHA-256 {part('sha256_cpu_s'):.2f}; those alone, spread "
                           f"perfectly, allow {part('mb_s'):.0f} MiB/s = {part('mb_s') / r['disk_write_mb_s']:.2f}× dd, and mypi's upload is "
                           f"{m['upload_mb_s'] / part('mb_s'):.2f} of that; dd's own CPU per GiB: "
                           + ", ".join(f"{x:.2f}" for x in r["disk_write_cpu_s_per_gib"]))
            out.append(f"  - every round, MiB/s: dd {', '.join(f'{x:.0f}' for x in r['disk_write_rounds'])}; "
                       f"upload {', '.join(f'{x:.0f}' for x in m['upload_rounds'])}; "
                       f"curl {', '.join(f'{x:.0f}' for x in m['upload_curl_rounds'])}; "
                       f"the warm-up (first, cold, curl) upload {m['upload_cold_mb_s']:.0f}")
    if "uploads_16" in m:
        u = m["uploads_16"]
        out.append(f"- {u['count']} uploads of {u['mb_each']} MiB wheels of different projects: one after another "
                   f"{u['sequential_s']:.2f} s, all at once {u['concurrent_s']:.2f} s "
                   f"(ratio {u['concurrent_s'] / u['sequential_s']:.2f}; 1.0 would mean they serialise)")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
