#!/usr/bin/env python3
"""The raw per-round run levels of confirm-pair.sh's runs, as markdown.

    python3 runners/gpu-check/confirm-levels.py DIR

DIR holds round<i>-A.json and round<i>-B.json (run files of `hostgap-runner run`). A run's level
of a series (benchmark, params, metric) is the median of its forks' samples, as the platform takes
it (docs/verdicts.md). For each series: the levels of A and B in every round, the paired
difference (B - A) / A in % of each round, and their mean. No test, no verdict: the platform judges.
"""
import glob
import json
import os
import re
import statistics
import sys


def load(directory):
    runs = {}
    for path in glob.glob(os.path.join(directory, "round*-[AB].json")):
        m = re.fullmatch(r"round(\d+)-([AB])\.json", os.path.basename(path))
        if m:
            with open(path) as f:
                runs[(int(m.group(1)), m.group(2))] = json.load(f)
    return runs


def levels(run):
    out = {}
    for r in run["results"]:
        samples = r.get("samples") or []
        if not samples:
            continue
        params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        out[(r["benchmark"], params, r["metric"])] = (statistics.median(samples), len(samples))
    return out


def fmt(x):
    return f"{x:.4g}" if abs(x) < 1000 else f"{x:.1f}"


def main(directory):
    runs = load(directory)
    rounds = sorted({r for r, s in runs if (r, "A") in runs and (r, "B") in runs})
    if not rounds:
        sys.exit(f"no complete round (round<i>-A.json and round<i>-B.json) in {directory}")
    lv = {key: levels(run) for key, run in runs.items()}
    series = sorted({s for r in rounds for side in "AB" for s in lv[(r, side)]})
    summary = []
    detail = []
    for s in series:
        pairs = [(r, lv[(r, "A")][s], lv[(r, "B")][s]) for r in rounds if s in lv[(r, "A")] and s in lv[(r, "B")]]
        if not pairs:
            continue
        name = f"{s[0]} {s[1]} {s[2]}"
        diffs = [(b[0] - a[0]) / a[0] * 100 if a[0] else float("nan") for _, a, b in pairs]
        mean_a = statistics.mean(a[0] for _, a, _ in pairs)
        mean_b = statistics.mean(b[0] for _, _, b in pairs)
        sd = statistics.stdev(diffs) if len(diffs) > 1 else float("nan")
        up = sum(1 for d in diffs if d > 0)
        summary.append(f"| {name} | {len(pairs)} | {fmt(mean_a)} | {fmt(mean_b)} | {statistics.mean(diffs):+.1f}% "
                       f"| {sd:.1f}% | {min(diffs):+.1f}% .. {max(diffs):+.1f}% | {up} of {len(pairs)} |")
        detail.append(f"\n`{name}` (forks per run: {pairs[0][1][1]})\n")
        detail.append("| round | A | B | (B - A) / A |")
        detail.append("|---:|---:|---:|---:|")
        for (r, a, b), d in zip(pairs, diffs):
            detail.append(f"| {r} | {fmt(a[0])} | {fmt(b[0])} | {d:+.1f}% |")
    print("| series | rounds | mean level A | mean level B | mean paired (B - A) / A | sd of paired % | range | rounds B > A |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    print("\n".join(summary))
    print("\n".join(detail))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
