#!/usr/bin/env python3
"""Shoal against Syncthing on loopback: same machine, same data, same run (issue 7).

For each workload, two fresh Shoal daemons and two fresh Syncthing instances run
on 127.0.0.1 (explicit addresses; Shoal with --no-mdns; Syncthing with global and
local discovery, relays, NAT traversal, usage reporting and upgrades off, its
watcher on with fsWatcherDelayS=1, rescans hourly, low priority off). Changes are
made on A; the figure is the time from the end of the change on A until B has it.

Workloads (full / --quick):
  W1 bulk:    64 x 16 MiB / 8 x 4 MiB incompressible files written on A once both
              sides are idle and connected; time until B holds every byte.
              Baseline: `cp -r` of the same tree (the local limit).
  W4 latency: a new 1 KiB file on A; time until B has it with the right content
              (polled every 5 ms); median of 10 / 5.
  W2 small:   20,000 / 2,000 files of 1-8 KiB in 200 / 20 directories.
              Baseline: `cp -r`.
  W3 delta:   a 256 MiB / 32 MiB incompressible file in sync on both sides, then on A:
              (a) 1 byte inserted at the middle, file rewritten in place (O_TRUNC),
              (b) the same edit saved atomically (temporary file + rename),
              (c) 4 KiB overwritten in place at the middle.
              Bytes moved (received by B on the connection) and time to sync.
              Baseline: `rsync --no-whole-file --stats` of the same edit.

"Done" is: B's status API reports nothing needed and the expected file count and
bytes, and B's files have the expected sizes on disk (status polled every 50 ms).
After each wait every file on B is hashed and compared with A's (not timed); a
mismatch fails the run. Every process this starts is stopped by PID (SIGTERM,
then SIGKILL after a grace) in `finally` blocks; every wait has a deadline; all
data lives in one temporary directory that is removed at the end.

Ratio column: Syncthing's figure over Shoal's for lower-is-better figures (above
1: Shoal is better). JSON of the table goes to Benchmarks/results/.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.sax.saxutils

MiB = 1 << 20
POLL = 0.05
DIAGNOSE = False  # --diagnose: also poll A's status, to report when A had indexed everything


class BenchError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, deadline_s, interval=POLL):
    """Polls predicate() until true; returns the perf_counter time it first held."""
    end = time.perf_counter() + deadline_s
    while True:
        if predicate():
            return time.perf_counter()
        if time.perf_counter() > end:
            raise BenchError(f"timed out after {deadline_s:.0f} s waiting for {what}")
        time.sleep(interval)


def stop_process(proc, grace=10):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)
    except ProcessLookupError:
        pass


def peak_rss_mib(proc):
    try:
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            block = f.read(4 * MiB)
            if not block:
                return h.hexdigest()
            h.update(block)


def tree(root):
    """{relative path: size} of the regular files under root, skipping tools' own files."""
    out = {}
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in (".shoal", ".stfolder", ".stversions")]
        for name in files:
            if name.startswith((".shoal-tmp-", ".syncthing.", "~syncthing~")):
                continue
            p = os.path.join(d, name)
            out[os.path.relpath(p, root)] = os.path.getsize(p)
    return out


def sizes_match(root, expected):
    for rel, size in expected.items():
        try:
            if os.path.getsize(os.path.join(root, rel)) != size:
                return False
        except OSError:
            return False
    return True


def verify_same(src, dst, expected):
    got = tree(dst)
    if got != expected:
        missing = [k for k in expected if got.get(k) != expected[k]][:5]
        extra = [k for k in got if k not in expected][:5]
        raise BenchError(f"{dst} differs from {src}: missing/wrong {missing} extra {extra}")
    for rel in expected:
        if sha256(os.path.join(src, rel)) != sha256(os.path.join(dst, rel)):
            raise BenchError(f"{rel}: content differs between {src} and {dst}")


# ---------------------------------------------------------------- Shoal


class ShoalPair:
    name = "Shoal"

    def __init__(self, binary, root):
        self.bin = os.path.abspath(binary)
        self.root = root
        self.folder_id = "bench"
        self.homes = {s: os.path.join(root, f"shoal-home-{s}") for s in "ab"}
        self.dirs = {s: os.path.join(root, f"shoal-{s}") for s in "ab"}
        self.ports = {s: free_port() for s in "ab"}
        self.procs = {}
        self.ids = {}

    def cli(self, *args):
        return subprocess.run([self.bin, *args], check=True, capture_output=True, text=True, timeout=30).stdout

    def start(self):
        for s in "ab":
            os.makedirs(self.dirs[s])
            self.cli("init", "--home", self.homes[s], "--name", f"bench-{s}")
            self.ids[s] = self.cli("id", "--home", self.homes[s]).strip()
        for s, o in (("a", "b"), ("b", "a")):
            h = self.homes[s]
            self.cli("folder", "add", self.folder_id, self.dirs[s], "--home", h)
            self.cli("peer", "add", self.ids[o], "--name", f"bench-{o}",
                     "--address", f"127.0.0.1:{self.ports[o]}", "--home", h)
            self.cli("folder", "share", self.folder_id, self.ids[o], "--home", h)
        for s in "ab":
            log = open(os.path.join(self.root, f"shoal-{s}.log"), "wb")
            self.procs[s] = subprocess.Popen(
                [self.bin, "daemon", "--home", self.homes[s], "--listen", f"127.0.0.1:{self.ports[s]}", "--no-mdns"],
                stdout=log, stderr=subprocess.STDOUT)
            log.close()
        wait_for("Shoal peers connected", lambda: all(self.connected(s) for s in "ab"), 60, 0.2)
        wait_for("Shoal folders idle", lambda: all(self.idle(s) for s in "ab"), 60, 0.2)

    def stop(self):
        for s in "ab":
            stop_process(self.procs.get(s))

    def status(self, side):
        for proc in self.procs.values():
            if proc.poll() is not None:
                raise BenchError(f"a Shoal daemon exited with {proc.returncode}; see {self.root}/shoal-*.log")
        try:
            return json.loads(self.cli("status", "--json", "--home", self.homes[side]))
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, ValueError):
            return None

    def connected(self, side):
        st = self.status(side)
        return bool(st and st["peers"] and all(p.get("connected") for p in st["peers"]))

    def idle(self, side):
        st = self.status(side)
        return bool(st) and all(f.get("state") == "idle" for f in st["folders"])

    def has(self, side, files, nbytes):
        st = self.status(side)
        if not st:
            return False
        f = st["folders"][0]
        return f["need_files"] == 0 and f["need_bytes"] == 0 and f["files"] == files and f["bytes"] == nbytes

    def bytes_received_by_b(self):
        st = self.status("b")
        return sum(p["bytes_received"] for p in st["peers"])

    def rss(self):
        return {s: peak_rss_mib(p) for s, p in self.procs.items()}


# ---------------------------------------------------------------- Syncthing

ST_CONFIG = """<configuration version="36">
    <folder id="{folder}" label="{folder}" path="{path}" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{self_id}" introducedBy=""></device>
        <device id="{peer_id}" introducedBy=""></device>
        <minDiskFree unit="%">1</minDiskFree>
    </folder>
    <device id="{self_id}" name="{self_name}" compression="metadata" introducer="false">
        <address>dynamic</address>
    </device>
    <device id="{peer_id}" name="{peer_name}" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:{peer_port}</address>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:{gui_port}</address>
        <apikey>{apikey}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{listen_port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <crashReportingEnabled>false</crashReportingEnabled>
        <setLowPriority>false</setLowPriority>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"""


class SyncthingPair:
    name = "Syncthing"

    def __init__(self, binary, root):
        self.bin = binary
        self.root = root
        self.folder_id = "bench"
        self.homes = {s: os.path.join(root, f"st-home-{s}") for s in "ab"}
        self.dirs = {s: os.path.join(root, f"st-{s}") for s in "ab"}
        self.ports = {s: free_port() for s in "ab"}
        self.gui = {s: free_port() for s in "ab"}
        self.apikey = "shoal-bench-" + os.urandom(8).hex()
        self.procs = {}
        self.ids = {}
        self.env = dict(os.environ, STNODEFAULTFOLDER="1", STNOUPGRADE="1", STNORESTART="1", STMONITORED="1",
                        HOME=root)

    def start(self):
        for s in "ab":
            os.makedirs(self.dirs[s])
            os.makedirs(os.path.join(self.dirs[s], ".stfolder"))
            out = subprocess.run([self.bin, "generate", "--home", self.homes[s], "--no-default-folder"],
                                 check=True, capture_output=True, text=True, env=self.env, timeout=60)
            m = re.search(r"Device ID: (\S+)", out.stdout + out.stderr)
            if not m:
                raise BenchError(f"syncthing generate printed no device ID: {out.stdout} {out.stderr}")
            self.ids[s] = m.group(1)
        for s, o in (("a", "b"), ("b", "a")):
            cfg = ST_CONFIG.format(folder=self.folder_id, path=xml.sax.saxutils.escape(self.dirs[s]),
                                   self_id=self.ids[s], peer_id=self.ids[o], self_name=f"bench-{s}",
                                   peer_name=f"bench-{o}", peer_port=self.ports[o], gui_port=self.gui[s],
                                   apikey=self.apikey, listen_port=self.ports[s])
            with open(os.path.join(self.homes[s], "config.xml"), "w") as f:
                f.write(cfg)
        for s in "ab":
            log = open(os.path.join(self.root, f"st-{s}.log"), "wb")
            self.procs[s] = subprocess.Popen(
                [self.bin, "serve", "--home", self.homes[s], "--no-browser", "--no-restart", "--no-upgrade",
                 "--no-default-folder", "--skip-port-probing"],
                stdout=log, stderr=subprocess.STDOUT, env=self.env)
            log.close()
        wait_for("Syncthing REST up", lambda: all(self.rest(s, "/rest/system/ping") for s in "ab"), 60, 0.2)
        wait_for("Syncthing peers connected", lambda: all(self.connected(s) for s in "ab"), 60, 0.2)
        wait_for("Syncthing folders idle", lambda: all(self.idle(s) for s in "ab"), 60, 0.2)

    def stop(self):
        for s in "ab":
            stop_process(self.procs.get(s))

    def rest(self, side, path):
        for proc in self.procs.values():
            if proc.poll() is not None:
                raise BenchError(f"a Syncthing instance exited with {proc.returncode}; see {self.root}/st-*.log")
        req = urllib.request.Request(f"http://127.0.0.1:{self.gui[side]}{path}", headers={"X-API-Key": self.apikey})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read())
        except (OSError, ValueError):
            return None

    def connected(self, side):
        other = "b" if side == "a" else "a"
        c = self.rest(side, "/rest/system/connections")
        return bool(c) and c["connections"].get(self.ids[other], {}).get("connected", False)

    def idle(self, side):
        st = self.rest(side, f"/rest/db/status?folder={self.folder_id}")
        return bool(st) and st.get("state") == "idle"

    def has(self, side, files, nbytes):
        st = self.rest(side, f"/rest/db/status?folder={self.folder_id}")
        if not st:
            return False
        # Syncthing counts each directory and symlink as 128 bytes (protocol.SyntheticDirectorySize)
        file_bytes = st["localBytes"] - 128 * (st["localDirectories"] + st["localSymlinks"])
        return st["needFiles"] == 0 and st["needBytes"] == 0 and st["localFiles"] == files and \
            file_bytes == nbytes and st["state"] == "idle"

    def bytes_received_by_b(self):
        c = self.rest("b", "/rest/system/connections")
        return c["connections"][self.ids["a"]]["inBytesTotal"]

    def rss(self):
        return {s: peak_rss_mib(p) for s, p in self.procs.items()}


# ---------------------------------------------------------------- data


def write_random_files(root, count, size, dirs=1, min_size=None, seed=1):
    """count files of `size` (or random min_size..size) incompressible bytes; returns {rel: size}."""
    import random
    rng = random.Random(seed)
    expected = {}
    for n in range(count):
        d = f"dir{n % dirs:03d}" if dirs > 1 else ""
        n_bytes = rng.randint(min_size, size) if min_size else size
        rel = os.path.join(d, f"f{n:05d}.bin")
        os.makedirs(os.path.join(root, d), exist_ok=True)
        with open(os.path.join(root, rel), "wb") as f:
            f.write(os.urandom(n_bytes))
        expected[rel] = n_bytes
    return expected


def copy_tree_into(src, dst):
    """Writes src's files into dst (the 'writes on A'); returns when the last write returned."""
    for d, _, files in os.walk(src):
        rel_d = os.path.relpath(d, src)
        os.makedirs(os.path.join(dst, rel_d), exist_ok=True)
        for name in files:
            shutil.copyfile(os.path.join(d, name), os.path.join(dst, rel_d, name))


def timed_cp(src, dst):
    start = time.perf_counter()
    subprocess.run(["cp", "-r", src, dst], check=True, timeout=3600)
    return time.perf_counter() - start


# ---------------------------------------------------------------- workloads


def run_with_pair(pair_class, binary, root, body):
    d = tempfile.mkdtemp(dir=root, prefix=pair_class.name.lower() + "-")
    pair = pair_class(binary, d)
    try:
        pair.start()
        result = body(pair)
        result["peak_rss_mib"] = pair.rss()
        return result
    except BaseException:
        for log in sorted(os.listdir(d)):
            if log.endswith(".log"):
                with open(os.path.join(d, log), errors="replace") as f:
                    tail = f.read()[-3000:]
                print(f"--- last lines of {log}:\n{tail}", file=sys.stderr)
        raise
    finally:
        pair.stop()
        shutil.rmtree(d, ignore_errors=True)


def sync_tree(pair, src, expected, deadline):
    """Writes src into A's folder, returns seconds from the end of the writes until B has it all."""
    nbytes = sum(expected.values())
    before = pair.bytes_received_by_b()
    copy_tree_into(src, pair.dirs["a"])
    t0 = time.perf_counter()
    a_indexed = []  # when A's status first shows every file (its scan is done): a diagnostic

    def done():
        if DIAGNOSE and not a_indexed and pair.has("a", len(expected), nbytes):
            a_indexed.append(time.perf_counter())
        # disk first: cheap, and it stops at the first missing file; each Shoal status
        # query is a process (about 20 ms of CPU), which would otherwise compete with the sync
        return sizes_match(pair.dirs["b"], expected) and pair.has("b", len(expected), nbytes)
    t1 = wait_for(f"{pair.name} B to hold {len(expected)} files", done, deadline)
    verify_same(src, pair.dirs["b"], expected)
    moved = pair.bytes_received_by_b() - before
    return {"seconds": t1 - t0, "bytes_received": moved,
            "a_indexed_seconds": (a_indexed[0] - t0) if a_indexed else None}


def w_tree(name, src, expected, args, systems, root):
    nbytes = sum(expected.values())
    out = {"files": len(expected), "bytes": nbytes}
    deadline = args.deadline
    for label, cls, binary in systems:
        r = run_with_pair(cls, binary, root, lambda p: sync_tree(p, src, expected, deadline))
        out[label] = r
        ai = r["a_indexed_seconds"]
        print(f"  {name} {label}: {r['seconds']:.2f} s (A indexed all at {ai if ai is None else round(ai, 2)} s), "
              f"{r['bytes_received'] / MiB:.1f} MiB received by B, "
              f"peak RSS {fmt_rss(r['peak_rss_mib'])}", flush=True)
    cps = []
    for i in range(3):
        dst = os.path.join(root, f"cp-{i}")
        cps.append(timed_cp(src, dst))
        shutil.rmtree(dst)
    out["cp -r"] = {"seconds": statistics.median(cps)}
    print(f"  {name} cp -r: {out['cp -r']['seconds']:.2f} s (median of 3)", flush=True)
    return out


def fmt_rss(r):
    return "/".join(f"{v:.0f}" if v else "?" for v in r.values()) + " MiB (A/B)"


def latency_body(samples, deadline):
    def body(pair):
        out = []
        for i in range(samples):
            content = os.urandom(1024)
            rel = f"latency-{i}.txt"
            target = os.path.join(pair.dirs["b"], rel)

            def arrived():
                try:
                    with open(target, "rb") as f:
                        return f.read() == content
                except OSError:
                    return False
            with open(os.path.join(pair.dirs["a"], rel), "wb") as f:
                f.write(content)
            t0 = time.perf_counter()
            t1 = wait_for(f"{pair.name} latency file {i}", arrived, deadline, 0.005)
            out.append(t1 - t0)
            # let both sides settle (index exchange, watcher) before the next sample
            wait_for(f"{pair.name} B idle", lambda: pair.has("b", i + 1, 1024 * (i + 1)), deadline)
            time.sleep(0.5)
        return {"samples": out, "seconds": statistics.median(out)}
    return body


def delta_edit(path, kind, mid):
    """Applies the edit on A; returns (new content hash, new size)."""
    if kind == "overwrite4k":
        with open(path, "r+b") as f:
            f.seek(mid)
            f.write(os.urandom(4096))
    else:
        with open(path, "rb") as f:
            data = f.read()
        data = data[:mid] + b"\x42" + data[mid:]
        if kind == "insert-inplace":
            with open(path, "wb") as f:  # O_TRUNC, same inode
                f.write(data)
        else:  # insert-atomic
            tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, path)


EDITS = ("insert-inplace", "insert-atomic", "overwrite4k")


def delta_body(size, deadline):
    def body(pair):
        rel = "big.bin"
        a = os.path.join(pair.dirs["a"], rel)
        with open(a, "wb") as f:
            for _ in range(size // MiB):
                f.write(os.urandom(MiB))
        wait_for(f"{pair.name} B to hold the big file",
                 lambda: pair.has("b", 1, size) and sizes_match(pair.dirs["b"], {rel: size}), deadline)
        time.sleep(1.0)
        results = {}
        for kind in EDITS:
            before = pair.bytes_received_by_b()
            delta_edit(a, kind, size // 2)
            t0 = time.perf_counter()
            new_size = os.path.getsize(a)
            want = sha256(a)
            b = os.path.join(pair.dirs["b"], rel)
            # size first (cheap), then the hash (after the status says done)
            t1 = wait_for(f"{pair.name} B to have {kind}",
                          lambda: os.path.getsize(b) == new_size and pair.has("b", 1, new_size) and sha256(b) == want,
                          deadline)
            time.sleep(1.0)  # trailing index messages
            results[kind] = {"seconds": t1 - t0, "bytes_received": pair.bytes_received_by_b() - before}
        return results
    return body


def rsync_reference(root, size):
    """rsync --no-whole-file --stats of each edit, old copy as the destination."""
    src_dir, dst_dir = os.path.join(root, "rsync-src"), os.path.join(root, "rsync-dst")
    os.makedirs(src_dir)
    os.makedirs(dst_dir)
    src = os.path.join(src_dir, "big.bin")
    with open(src, "wb") as f:
        for _ in range(size // MiB):
            f.write(os.urandom(MiB))
    out = {}
    try:
        for kind in EDITS:
            shutil.copyfile(src, os.path.join(dst_dir, "big.bin"))
            delta_edit(src, kind, size // 2)
            t0 = time.perf_counter()
            stats = subprocess.run(["rsync", "--no-whole-file", "--ignore-times", "--stats", src, dst_dir + "/"],
                                   check=True, capture_output=True, text=True, timeout=600).stdout
            t1 = time.perf_counter()
            sent = int(re.search(r"Total bytes sent: ([\d,]+)", stats).group(1).replace(",", ""))
            literal = int(re.search(r"Literal data: ([\d,]+)", stats).group(1).replace(",", ""))
            out[kind] = {"seconds": t1 - t0, "bytes_sent": sent, "literal_bytes": literal}
    finally:
        shutil.rmtree(src_dir, ignore_errors=True)
        shutil.rmtree(dst_dir, ignore_errors=True)
    return out


# ---------------------------------------------------------------- report


def ratio(shoal, other):
    if shoal is None or other is None or shoal <= 0:
        return None
    return other / shoal


def table_rows(results):
    rows = []

    def add(workload, unit, sh, st, base=None, base_label=""):
        rows.append({"workload": workload, "unit": unit, "shoal": sh, "syncthing": st,
                     "ratio_syncthing_over_shoal": ratio(sh, st), "baseline": base, "baseline_label": base_label})
    if "W1" in results:
        r = results["W1"]
        add(f"W1 bulk {r['files']} files, {r['bytes'] / MiB:.0f} MiB", "s",
            r["Shoal"]["seconds"], r["Syncthing"]["seconds"], r["cp -r"]["seconds"], "cp -r")
    if "W4" in results:
        r = results["W4"]
        add(f"W4 latency 1 KiB (median of {len(r['Shoal']['samples'])})", "ms",
            r["Shoal"]["seconds"] * 1000, r["Syncthing"]["seconds"] * 1000)
    if "W2" in results:
        r = results["W2"]
        add(f"W2 small {r['files']} files", "s", r["Shoal"]["seconds"], r["Syncthing"]["seconds"],
            r["cp -r"]["seconds"], "cp -r")
    if "W3" in results:
        r = results["W3"]
        for kind in EDITS:
            sh, st, rs = r["Shoal"][kind], r["Syncthing"][kind], r["rsync"][kind]
            add(f"W3 {r['size'] // MiB} MiB {kind} time", "s", sh["seconds"], st["seconds"],
                rs["seconds"], "rsync")
            add(f"W3 {r['size'] // MiB} MiB {kind} moved", "KiB", sh["bytes_received"] / 1024,
                st["bytes_received"] / 1024, rs["bytes_sent"] / 1024, "rsync sent")
    for key, label in (("W1", "W1"), ("W2", "W2")):
        if key in results:
            r = results[key]
            add(f"{label} peak RSS of B", "MiB", r["Shoal"]["peak_rss_mib"]["b"], r["Syncthing"]["peak_rss_mib"]["b"])
    return rows


def fmt(v, unit):
    if v is None:
        return "-"
    if unit in ("ms", "KiB", "MiB"):
        return f"{v:,.0f} {unit}"
    return f"{v:.2f} {unit}"


def print_table(rows):
    print("\nratio: Syncthing's figure / Shoal's (lower is better for all; above 1 means Shoal is better)\n")
    print(f"{'workload':<40}{'Shoal':>14}{'Syncthing':>14}{'ratio':>9}   baseline")
    for r in rows:
        rt = f"{r['ratio_syncthing_over_shoal']:.2f}x" if r["ratio_syncthing_over_shoal"] else "-"
        base = f"{fmt(r['baseline'], r['unit'])} ({r['baseline_label']})" if r["baseline"] is not None else ""
        print(f"{r['workload']:<40}{fmt(r['shoal'], r['unit']):>14}{fmt(r['syncthing'], r['unit']):>14}{rt:>9}   {base}")


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    st = subprocess.run(["syncthing", "--version"], capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": model, "syncthing": st}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoal", default=".build/release/shoal")
    parser.add_argument("--syncthing", default=shutil.which("syncthing") or "syncthing")
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI-sized runs")
    parser.add_argument("--workloads", default="W1,W4,W2,W3", help="comma-separated subset, run in this order")
    parser.add_argument("--tmp", default=None, help="parent of the temporary directory (default: $TMPDIR or /tmp)")
    parser.add_argument("--deadline", type=float, default=None, help="seconds allowed for any one sync")
    parser.add_argument("--json", default=None, help="where to write the JSON (default Benchmarks/results/sync-TS.json)")
    parser.add_argument("--diagnose", action="store_true",
                        help="also poll A's status during W1/W2 (costs CPU) to report when A had indexed everything")
    args = parser.parse_args()
    global DIAGNOSE
    DIAGNOSE = args.diagnose
    q = args.quick
    sizes = {
        "w1": (8, 4 * MiB) if q else (64, 16 * MiB),
        "w4": 5 if q else 10,
        "w2": (2000, 20) if q else (20000, 200),
        "w3": 32 * MiB if q else 256 * MiB,
    }
    if args.deadline is None:
        args.deadline = 120 if q else 600
    for tool in (args.shoal, args.syncthing, "rsync", "cp"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found")
    systems = [("Shoal", ShoalPair, args.shoal), ("Syncthing", SyncthingPair, args.syncthing)]
    wanted = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    results = {}
    root = tempfile.mkdtemp(prefix="shoal-vs-syncthing-", dir=args.tmp)
    try:
        for w in wanted:
            print(f"{w} ...", flush=True)
            if w == "W1":
                src = os.path.join(root, "w1-src")
                expected = write_random_files(src, *sizes["w1"])
                results["W1"] = w_tree("W1", src, expected, args, systems, root)
                shutil.rmtree(src)
            elif w == "W2":
                src = os.path.join(root, "w2-src")
                files, dirs = sizes["w2"]
                expected = write_random_files(src, files, 8192, dirs=dirs, min_size=1024)
                results["W2"] = w_tree("W2", src, expected, args, systems, root)
                shutil.rmtree(src)
            elif w == "W4":
                r = {}
                for label, cls, binary in systems:
                    r[label] = run_with_pair(cls, binary, root, latency_body(sizes["w4"], 30))
                    ms = ", ".join(f"{s * 1000:.0f}" for s in r[label]["samples"])
                    print(f"  W4 {label}: median {r[label]['seconds'] * 1000:.0f} ms ({ms})", flush=True)
                results["W4"] = r
            elif w == "W3":
                size = sizes["w3"]
                r = {"size": size}
                for label, cls, binary in systems:
                    r[label] = run_with_pair(cls, binary, root, delta_body(size, args.deadline))
                    print(f"  W3 {label}: " + "; ".join(
                        f"{k} {v['seconds']:.2f} s {v['bytes_received']} B"
                        for k, v in r[label].items() if k in EDITS), flush=True)
                r["rsync"] = rsync_reference(root, size)
                print("  W3 rsync: " + "; ".join(f"{k} {v['seconds']:.2f} s sent {v['bytes_sent']} B, literal {v['literal_bytes']} B"
                                                for k, v in r["rsync"].items()), flush=True)
                results["W3"] = r
            else:
                sys.exit(f"unknown workload {w}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows = table_rows(results)
    print_table(rows)
    report = {"quick": q, "machine": machine(), "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "table": rows, "raw": results}
    path = args.json or os.path.join(os.path.dirname(os.path.abspath(__file__)), "results",
                                     f"sync-{time.strftime('%Y%m%d-%H%M%S')}{'-quick' if q else ''}.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        sys.exit(f"benchmark failed: {e}")
