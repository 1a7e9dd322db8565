#!/usr/bin/env python3
"""Scan throughput of `shoal scan` next to single-threaded hash tools, same data, same run.

Data sets (made once under --data, reused after):
  bulk:  1 GiB as 64 incompressible files of 16 MiB
  small: 20,000 files of 1-8 KiB in 200 directories

For each data set, every tool runs --runs times, interleaved, after one warm-up
run that fills the page cache; the table gives medians and the ratio of Shoal's
median throughput to each baseline's. Goals (issue 2): bulk at least 1.5x
the single-threaded hash tool (sha256sum), small at least 10,000 files/s.

Baselines: sha256sum and b2sum (coreutils), and `openssl dgst -sha256`, which
is single-threaded SHA-256 from the same libcrypto Shoal uses (with the CPU's
SHA extensions), so Shoal's ratio to it shows what the second core and the
chunking cost or gain rather than which SHA-256 implementation is faster.
Before timing, one scan's summary is checked: it must have hashed every file.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

MiB = 1 << 20


def make_bulk(path, files, size):
    names = os.listdir(path) if os.path.isdir(path) else []
    if len(names) == files and all(os.path.getsize(os.path.join(path, n)) == size for n in names):
        return
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    for n in range(files):
        with open(os.path.join(path, f"file{n:03d}.bin"), "wb") as out:
            out.write(os.urandom(size))


def make_small(path, files, directories):
    if os.path.isdir(path) and len(os.listdir(path)) == directories:
        return
    shutil.rmtree(path, ignore_errors=True)
    rng = random.Random(20000)
    for d in range(directories):
        os.makedirs(os.path.join(path, f"dir{d:03d}"))
    for n in range(files):
        size = rng.randint(1024, 8192)
        with open(os.path.join(path, f"dir{n % directories:03d}", f"f{n:05d}.txt"), "wb") as out:
            out.write(os.urandom(size))


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def hash_tool(tool, path):
    # One process over every file: single-threaded, like the tool is.
    return ["sh", "-c", f"find '{path}' -type f -print0 | xargs -0 {tool} > /dev/null"]


def check_scan(shoal, path, files):
    """Fails unless one scan of `path` hashed exactly `files` files and skipped none."""
    summary = subprocess.run([shoal, "scan", path], check=True, capture_output=True, text=True).stdout
    hashed = re.search(r"hashed (\d+) files", summary)
    if not hashed or int(hashed.group(1)) != files or "skipped" in summary:
        sys.exit(f"shoal scan {path} did not hash all {files} files: {summary.strip()}")


def measure(commands, runs):
    for command in commands.values():
        timed(command)  # warm the page cache and the binaries
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    return {name: statistics.median(values) for name, values in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoal", default=".build/release/shoal")
    parser.add_argument("--data", default="/tmp/shoal-bench-data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, 3 runs")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if args.quick:
        args.runs = 3
    bulk_files, small_files = (8, 2000) if args.quick else (64, 20000)

    bulk = os.path.join(args.data, f"bulk-{bulk_files}")
    small = os.path.join(args.data, f"small-{small_files}")
    make_bulk(bulk, bulk_files, 16 * MiB)
    make_small(small, small_files, 200)
    bulk_bytes = bulk_files * 16 * MiB

    results = {}
    tools = {"shoal scan": [args.shoal, "scan"], "sha256sum": None, "b2sum": None, "openssl dgst -sha256": None}
    for label, path, files in (("bulk", bulk, bulk_files), ("small", small, small_files)):
        check_scan(args.shoal, path, files)
        commands = {
            name: (command + [path] if command else hash_tool(name, path)) for name, command in tools.items()
        }
        results[label] = measure(commands, args.runs)

    print(f"\nscan throughput, median of {args.runs} runs (page cache warm), {os.cpu_count()} cores\n")
    print("shoal/tool: the tool's median time over Shoal's (above 1: Shoal is faster)\n")
    print(f"{'data':<26}{'tool':<22}{'median s':>10}{'rate':>19}{'shoal/tool':>12}")
    report = {"runs": args.runs, "cores": os.cpu_count(), "data": {}}
    for label, count, unit in (("bulk", bulk_bytes, "MB/s"), ("small", small_files, "files/s")):
        shoal = results[label]["shoal scan"]
        title = f"{bulk_files} x 16 MiB random" if label == "bulk" else f"{small_files} files of 1-8 KiB"
        report["data"][label] = {}
        for name, seconds in results[label].items():
            rate = (count / 1e6 if unit == "MB/s" else count) / seconds
            ratio = seconds / shoal
            print(f"{title:<26}{name:<22}{seconds:>10.3f}{rate:>11.0f} {unit:<7}{ratio:>11.2f}x")
            report["data"][label][name] = {"median_seconds": seconds, unit: rate}
    bulk_ratio = results["bulk"]["sha256sum"] / results["bulk"]["shoal scan"]
    small_rate = small_files / results["small"]["shoal scan"]
    print(f"\ngoal bulk  >= 1.5x sha256sum:  {bulk_ratio:.2f}x  {'met' if bulk_ratio >= 1.5 else 'MISSED'}")
    print(f"goal small >= 10,000 files/s: {small_rate:.0f}  {'met' if small_rate >= 10000 else 'MISSED'}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
