#!/usr/bin/env python3
"""Joins a runner run file (JVM, per-fork samples) with native reference output (one JSON line per
workload and parameter set per process) and prints a Markdown table: host and GPU time per op,
JVM/native ratio of host time, between-fork CV, and the bootstrap CV of the fork median.
Usage: compare_jvm_native.py jvm-run.json native.jsonl"""
import json, random, statistics, sys
from collections import defaultdict

def key(workload, params):
    return workload + " " + ",".join(f"{k}={v}" for k, v in sorted(params.items()))

def cv(values):
    return statistics.stdev(values) / statistics.mean(values) if len(values) > 1 else float("nan")

def median_cv(values, rounds=2000, seed=1):
    """CV of the median of len(values) forks, by bootstrap over forks."""
    if len(values) < 2:
        return float("nan")
    rng = random.Random(seed)
    medians = [statistics.median(rng.choices(values, k=len(values))) for _ in range(rounds)]
    return statistics.stdev(medians) / statistics.mean(medians)

run = json.load(open(sys.argv[1]))
jvm = defaultdict(dict)
for r in run["results"]:
    if r.get("samples"):
        jvm[key(r["benchmark"], r["params"])][r["metric"]] = r["samples"]
native = defaultdict(lambda: defaultdict(list))
for line in open(sys.argv[2]):
    if line.strip():
        n = json.loads(line)
        native[key(n["workload"], n["params"])]["host"].append(n["host_us_per_op"])
        native[key(n["workload"], n["params"])]["gpu"].append(n["gpu_us_per_op"])

print("| workload params | JVM host µs | native host µs | JVM/native | JVM GPU µs | native GPU µs | JVM fork CV | native CV | JVM CV of median | forks JVM/native |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for k in sorted(jvm):
    host = jvm[k].get("host_us_per_op", [])
    gpu = jvm[k].get("gpu_us_per_op", [])
    nh, ng = native[k]["host"], native[k]["gpu"]
    jh, nmh = statistics.median(host), (statistics.median(nh) if nh else float("nan"))
    print(f"| {k} | {jh:.3f} | {nmh:.3f} | {jh / nmh:.3f} | "
          f"{statistics.median(gpu) if gpu else 0:.3f} | {statistics.median(ng) if ng else float('nan'):.3f} | "
          f"{100 * cv(host):.1f}% | {100 * cv(nh) if len(nh) > 1 else float('nan'):.1f}% | {100 * median_cv(host):.1f}% | {len(host)}/{len(nh)} |")
