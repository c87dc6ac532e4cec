#!/usr/bin/env python3
"""Writes a deterministic benchmark corpus: N projects x M versions of small valid wheels and sdists.

Names are mixed case with '.', '_' and '-' (so PEP 503 normalisation matters); every wheel has
METADATA, WHEEL and RECORD with correct hashes; every sdist has PKG-INFO and pyproject.toml. The
same arguments give byte-identical files (fixed timestamps, seeded choices; sdists only since their
gzip header time was fixed to 0 — before that it was the time of the run).

  gen_corpus.py --out DIR --projects 2000 --versions 5 [--big-mb 1024]
  gen_corpus.py --out DIR --projects 100000 --versions 1 --wheels-only           # 100,000 files
  gen_corpus.py --out DIR --projects 10 --versions 1 --big-project Huge.Project --big-project-files 5000

Writes DIR/files/* (flat, as pypiserver keeps them) and DIR/projects.txt (normalised names; the
--big-project is not in it). --wheels-only writes one wheel per version and no sdist.
--big-project NAME adds one project of --big-project-files files: versions 0.0.0, 0.0.1, ... with a
wheel and an sdist each (only wheels with --wheels-only). Without these options the output is the
same as before they existed.
"""
import argparse
import base64
import gzip
import hashlib
import io
import os
import random
import re
import tarfile
import zipfile

EPOCH = (2026, 1, 1, 0, 0, 0)
WORDS = ["alpha", "Beta", "gamma", "DELTA", "omega", "Flask", "requests", "Py", "tools", "Core",
         "util", "HTTP", "json", "data", "Async", "io", "cli", "Test", "kit", "zen"]


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}\n"


def zip_bytes(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in entries:
            info = zipfile.ZipInfo(path, EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def metadata(name, version, requires_python, deps):
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
             f"Summary: Benchmark package {name} {version}"]
    if requires_python:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Requires-Dist: {d}" for d in deps]
    return ("\n".join(lines) + "\n\nA benchmark package.\n").encode()


def big_project_versions(count):
    """`count` distinct versions in ascending order: 0.0.0 .. 0.0.99, 0.1.0, ... (100 per minor)."""
    return [f"{i // 10000}.{i // 100 % 100}.{i % 100}" for i in range(count)]


def wheel(name, version, requires_python, deps, payload=b""):
    fname = re.sub(r"[-_.]+", "_", name).lower()
    mod = fname
    dist_info = f"{fname}-{version}.dist-info"
    files = [(f"{mod}/__init__.py", f"VERSION = '{version}'\n".encode() + payload),
             (f"{dist_info}/METADATA", metadata(name, version, requires_python, deps)),
             (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: mypi-bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n")]
    record = "".join(record_line(p, d) for p, d in files) + f"{dist_info}/RECORD,,\n"
    files.append((f"{dist_info}/RECORD", record.encode()))
    return f"{fname}-{version}-py3-none-any.whl", zip_bytes(files)


def sdist(name, version, requires_python, deps):
    fname = re.sub(r"[-_.]+", "_", name).lower()
    top = f"{fname}-{version}"
    members = [(f"{top}/PKG-INFO", metadata(name, version, requires_python, deps).replace(b"Metadata-Version: 2.1", b"Metadata-Version: 2.2")),
               (f"{top}/pyproject.toml", f'[project]\nname = "{name}"\nversion = "{version}"\n'.encode())]
    buf = io.BytesIO()
    # gzip header time fixed (tarfile's "w:gz" would write the current time into it)
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as t:
        for path, data in members:
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mtime = 1767225600
            t.addfile(info, io.BytesIO(data))
    return f"{top}.tar.gz", buf.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--projects", type=int, default=2000)
    ap.add_argument("--versions", type=int, default=5)
    ap.add_argument("--big-mb", type=int, default=0, help="also write one wheel of about this many MiB")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--wheels-only", action="store_true", help="one wheel per version, no sdist")
    ap.add_argument("--big-project", help="also write one project of this name with --big-project-files files")
    ap.add_argument("--big-project-files", type=int, default=5000)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    files_dir = os.path.join(a.out, "files")
    os.makedirs(files_dir, exist_ok=True)
    names = []
    for i in range(a.projects):
        sep = rnd.choice(["-", "_", ".", "-_", "__"])
        names.append(f"{rnd.choice(WORDS)}{sep}{rnd.choice(WORDS)}{rnd.choice(['', '-', '_'])}{i:05d}")
    count = 0
    for i, name in enumerate(names):
        for v in range(a.versions):
            version = f"{1 + v // 3}.{v % 3}.{rnd.randint(0, 9)}"
            rp = rnd.choice(["", ">=3.8", ">=3.7,<4", ""])
            deps = [normalize(names[(i + 1) % len(names)])] if i % 10 == 0 and v == a.versions - 1 else []
            dists = (wheel(name, version, rp, deps),) if a.wheels_only else (wheel(name, version, rp, deps), sdist(name, version, rp, deps))
            for fn, data in dists:
                with open(os.path.join(files_dir, fn), "wb") as f:
                    f.write(data)
                count += 1
    if a.big_mb:
        payload = bytes(rnd.getrandbits(8) for _ in range(1 << 16)) * (a.big_mb * 16)
        fn, data = wheel("Big_Payload", "1.0.0", "", [], b"#" + payload)
        with open(os.path.join(files_dir, fn), "wb") as f:
            f.write(data)
        count += 1
    if a.big_project:
        per_version = 1 if a.wheels_only else 2
        written = 0
        for version in big_project_versions(-(-a.big_project_files // per_version)):
            dists = [wheel(a.big_project, version, ">=3.8", [])]
            if not a.wheels_only:
                dists.append(sdist(a.big_project, version, ">=3.8", []))
            for fn, data in dists[: a.big_project_files - written]:
                with open(os.path.join(files_dir, fn), "wb") as f:
                    f.write(data)
                written += 1
        count += written
    with open(os.path.join(a.out, "projects.txt"), "w") as f:
        f.write("\n".join(normalize(n) for n in names) + "\n")
    print(f"{count} files for {len(names)} projects in {files_dir}")


if __name__ == "__main__":
    main()
