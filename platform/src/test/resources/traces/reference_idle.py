#!/usr/bin/env python3
"""Independent reference figures for the real traces under hta/, written without the Java code in mind.

For each GPU device of a Kineto (PyTorch profiler) trace: the span from the first GPU activity's start
to the last one's end, the union of every kernel/memcpy/memset interval (busy), the idle percent
100 * (span - busy) / span, the unions of non-NCCL kernels (compute), of memcpys and memsets (memory)
and of NCCL kernels (communication), the counts, and per ProfilerStep#N the busy time of the activities
belonging to it (the step holding the launching runtime call's start, by correlation id, else the step
holding the activity's own start).

Timestamps are microseconds with three decimals; they are read as decimals and turned into integer
nanoseconds so no precision is lost (epoch microseconds need more digits than a float has).

Usage: python3 reference_idle.py hta/*.json.gz
"""
import bisect
import decimal
import gzip
import json
import sys

GPU = {"kernel", "gpu_memcpy", "gpu_memset"}
RUNTIME = {"cuda_runtime", "cuda_driver"}


def ns(value):
    return int((decimal.Decimal(str(value)) * 1000).to_integral_value(rounding=decimal.ROUND_HALF_UP))


def union(intervals):
    total, current_start, current_end = 0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    return 0 if current_end is None else total + current_end - current_start


def analyse(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        trace = json.load(f, parse_float=decimal.Decimal)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    gpu, launches, steps = [], {}, []
    for e in events:
        if e.get("ph") != "X" or "ts" not in e or "dur" not in e:
            continue
        start, dur = ns(e["ts"]), ns(e["dur"])
        if dur < 0:
            continue
        cat, args = e.get("cat"), e.get("args", {})
        if cat in GPU:
            gpu.append((start, start + dur, args.get("device", e.get("pid")), cat, e.get("name", ""),
                        args.get("correlation")))
        elif cat in RUNTIME and args.get("correlation", 0) > 0:
            launches.setdefault(args["correlation"], start)
        elif cat in ("user_annotation", "cpu_op") and str(e.get("name", "")).startswith("ProfilerStep#"):
            steps.append((start, start + dur, int(e["name"][len("ProfilerStep#"):])))
    steps.sort()
    step_starts = [s[0] for s in steps]

    def step_at(t):
        i = bisect.bisect_right(step_starts, t) - 1
        return i if i >= 0 and t < steps[i][1] else -1

    print(f"{path}: {len(events)} events, {len(steps)} steps {[s[2] for s in steps]}")
    for device in sorted({g[2] for g in gpu}):
        mine = [g for g in gpu if g[2] == device]
        span = max(g[1] for g in mine) - min(g[0] for g in mine)
        busy = union([(g[0], g[1]) for g in mine])
        nccl = [(g[0], g[1]) for g in mine if g[3] == "kernel" and "nccl" in g[4].lower()]
        compute = [(g[0], g[1]) for g in mine if g[3] == "kernel" and "nccl" not in g[4].lower()]
        memory = [(g[0], g[1]) for g in mine if g[3] != "kernel"]
        print(f"  cuda:{device} spanUs={span / 1000:.3f} busyUs={busy / 1000:.3f}"
              f" idlePercent={100 * (span - busy) / span:.6f} computeUs={union(compute) / 1000:.3f}"
              f" memoryUs={union(memory) / 1000:.3f} communicationUs={union(nccl) / 1000:.3f}"
              f" kernels={sum(g[3] == 'kernel' for g in mine)} memcpys={sum(g[3] == 'gpu_memcpy' for g in mine)}"
              f" memsets={sum(g[3] == 'gpu_memset' for g in mine)}")
        for i, (_, _, number) in enumerate(steps):
            members = []
            for g in mine:
                launch = launches.get(g[5])
                slot = step_at(launch) if launch is not None else -1
                if slot < 0:
                    slot = step_at(g[0])
                if slot == i:
                    members.append((g[0], g[1]))
            step_span = max(e for _, e in members) - min(s for s, _ in members) if members else 0
            step_busy = union(members)
            idle = 100 * (step_span - step_busy) / step_span if step_span else 0
            print(f"    step {number}: activities={len(members)} spanUs={step_span / 1000:.3f}"
                  f" busyUs={step_busy / 1000:.3f} idlePercent={idle:.6f}")


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        analyse(argument)
