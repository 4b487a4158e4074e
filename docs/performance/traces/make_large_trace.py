#!/usr/bin/env python3
"""Writes a large PyTorch profiler (Kineto) trace by repeating the profiler steps of a real one.

The events of the source trace (default: docs/gpu/2026-12-07-traces/eager-1.json.gz, recorded on an
H100) are written again and again until the output reaches the requested size. Copy k has every
timestamp shifted by k x (the source's span + 1000 us), its ProfilerStep#N renumbered after the
previous copy's last step, and its correlation ids, External ids and flow ids offset so they stay
unique. Metadata events ("ph": "M") are written once. Times are handled as exact integer nanoseconds
from the numbers' text (never through a float), and the output is written event by event: memory
use is that of the source trace, whatever the output size.

Beside the trace it writes <output>.expected.json: per GPU device, the whole-trace span, busy time
(union of kernel, memcpy and memset intervals) and idle percent = 100 x (span - busy) / span,
computed while writing, independent of hostgap. A device is the event's args.device, else its pid,
as Kineto writes them.

    python3 make_large_trace.py --size 1GiB /var/tmp/large-trace.json
"""
import argparse
import gzip
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "gpu/2026-12-07-traces/eager-1.json.gz"
GAP_NANOS = 1_000_000  # 1000 us between copies
GPU_CATEGORIES = {"kernel", "gpu_memcpy", "memcpy", "gpu_memset", "memset"}
STEP = re.compile(r"^ProfilerStep#(\d+)$")
NUMBER_MARK = "@@hostgap-number@@"
SLOT = "@@hostgap-slot@@"


def parse_size(text):
    units = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KIB": 2**10, "MIB": 2**20, "GIB": 2**30}
    match = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]*)\s*", text)
    if not match or match.group(2).upper() not in units:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 1GiB, 500MB)")
    return int(Decimal(match.group(1)) * units[match.group(2).upper()])


def nanos(number_text):
    """Microseconds as text -> integer nanoseconds, rounded half up (as Kineto's readers do)."""
    return int((Decimal(number_text) * 1000).to_integral_value(rounding=ROUND_HALF_UP))


def micros_text(ns):
    sign = "-" if ns < 0 else ""
    whole, frac = divmod(abs(ns), 1000)
    return f"{sign}{whole}.{frac:03d}"


def load(source):
    opener = gzip.open if source.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(source, "rt", encoding="utf-8") as f:
        # numbers keep their exact text; they are written back unchanged unless shifted
        return json.load(f, parse_float=lambda s: NUMBER_MARK + s, parse_int=lambda s: NUMBER_MARK + s)


def number_text(value):
    return value[len(NUMBER_MARK):] if isinstance(value, str) and value.startswith(NUMBER_MARK) else None


def as_int(value):
    text = number_text(value)
    if text is not None:
        return int(Decimal(text))
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def dumps(value):
    """JSON text with the marked numbers written back as numbers."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub('"' + re.escape(NUMBER_MARK) + r'([^"]*)"', r"\1", text)


class Template:
    """One source event as literal text with slots for the fields that change from copy to copy."""

    def __init__(self, event, slots):
        marked = dict(event)
        args = dict(event["args"]) if isinstance(event.get("args"), dict) else None
        fields = []
        for kind, base, setter in slots:
            fields.append((kind, base))
            setter(marked, args, f"{SLOT}{len(fields) - 1}{SLOT}")
        if args is not None:
            marked["args"] = args
        text = dumps(marked)
        pieces = re.split('"' + re.escape(SLOT) + r'(\d+)' + re.escape(SLOT) + '"', text)
        self.literals = pieces[0::2]
        self.fields = [fields[int(i)] for i in pieces[1::2]]

    def render(self, ts_shift, step_shift, id_shift):
        out = [self.literals[0]]
        for (kind, base), literal in zip(self.fields, self.literals[1:]):
            if kind == "ts":
                out.append(micros_text(base + ts_shift))
            elif kind == "step":
                out.append(f'"ProfilerStep#{base + step_shift}"')
            else:
                out.append(str(base + id_shift))
            out.append(literal)
        return "".join(out)


def build(events):
    """Templates for the repeated events, the metadata written once, and the shifts between copies."""
    starts, ends, steps, ids = [], [], [], [0]
    for e in events:
        if number_text(e.get("ts")) is not None and e.get("ph") != "M":
            start = nanos(number_text(e["ts"]))
            starts.append(start)
            dur = number_text(e.get("dur"))
            ends.append(start + (nanos(dur) if dur is not None else 0))
        name = e.get("name")
        if isinstance(name, str) and STEP.match(name):
            steps.append(int(STEP.match(name).group(1)))
        args = e.get("args") if isinstance(e.get("args"), dict) else {}
        for key in ("correlation", "External id"):
            if key in args and as_int(args[key]) is not None:
                ids.append(as_int(args[key]))
        if e.get("ph") in ("s", "f", "t") and as_int(e.get("id")) is not None:
            ids.append(as_int(e["id"]))
    span = max(ends) - min(starts)
    ts_period = span + GAP_NANOS
    step_period = (max(steps) - min(steps) + 1) if steps else 0
    id_period = max(ids) + 1

    metadata, repeated = [], []
    for e in events:
        if e.get("ph") == "M":
            metadata.append(dumps(e))
            continue
        slots = []
        if number_text(e.get("ts")) is not None:
            slots.append(("ts", nanos(number_text(e["ts"])), lambda m, a, s: m.__setitem__("ts", s)))
        name = e.get("name")
        if isinstance(name, str) and STEP.match(name):
            slots.append(("step", int(STEP.match(name).group(1)), lambda m, a, s: m.__setitem__("name", s)))
        args = e.get("args") if isinstance(e.get("args"), dict) else None
        for key in ("correlation", "External id"):
            if args is not None and key in args and as_int(args[key]) is not None:
                slots.append(("id", as_int(args[key]), lambda m, a, s, key=key: a.__setitem__(key, s)))
        if e.get("ph") in ("s", "f", "t") and as_int(e.get("id")) is not None:
            slots.append(("id", as_int(e["id"]), lambda m, a, s: m.__setitem__("id", s)))
        repeated.append(Template(e, slots))
    return metadata, repeated, ts_period, step_period, id_period, span


def gpu_intervals(events):
    """Per device, the source's GPU activity intervals (ns) sorted by start, as hostgap's reader would keep them."""
    by_device = {}
    for e in events:
        if e.get("ph") != "X" or str(e.get("cat", "")).lower() not in GPU_CATEGORIES:
            continue
        ts, dur = number_text(e.get("ts")), number_text(e.get("dur"))
        if ts is None or dur is None or Decimal(dur) < 0:
            continue
        args = e.get("args") if isinstance(e.get("args"), dict) else {}
        device = as_int(args.get("device")) if "device" in args else None
        if device is None:
            device = as_int(e.get("pid")) or 0
        start = nanos(ts)
        by_device.setdefault(device, []).append((start, start + nanos(dur)))
    return {d: sorted(v) for d, v in by_device.items()}


class Union:
    """Span and busy time of intervals fed in start order, merged as they come."""

    def __init__(self):
        self.first = None
        self.last_end = None
        self.busy = 0
        self.current = None
        self.count = 0

    def add(self, start, end):
        if self.current is not None and start < self.current[0]:
            raise AssertionError("intervals out of order: copies overlap")
        self.count += 1
        self.first = start if self.first is None else self.first
        self.last_end = end if self.last_end is None else max(self.last_end, end)
        if self.current is None or start > self.current[1]:
            if self.current is not None:
                self.busy += self.current[1] - self.current[0]
            self.current = [start, end]
        else:
            self.current[1] = max(self.current[1], end)

    def result(self):
        busy = self.busy + (self.current[1] - self.current[0] if self.current else 0)
        span = self.last_end - self.first if self.first is not None else 0
        return {"activities": self.count, "spanUs": span / 1000, "busyUs": busy / 1000,
                "idlePercent": 100.0 * (span - busy) / span if span > 0 else 0.0}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="the trace to write (plain JSON)")
    parser.add_argument("--size", type=parse_size, default=parse_size("1GiB"), help="stop after the copy that reaches this size")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the real trace to repeat (JSON, plain or gzip)")
    options = parser.parse_args()

    trace = load(options.source)
    events = trace["traceEvents"]
    metadata, repeated, ts_period, step_period, id_period, span = build(events)
    intervals = gpu_intervals(events)
    unions = {d: Union() for d in intervals}
    counted = {"events": 0, "copies": 0}

    head = {k: v for k, v in trace.items() if k != "traceEvents"}
    with open(options.output, "w", encoding="utf-8", newline="\n") as out:
        written = out.write("{" + dumps(head)[1:-1] + (',' if head else '') + '"traceEvents":[\n')
        first = True
        for line in metadata:
            written += out.write(("" if first else ",\n") + line)
            first = False
            counted["events"] += 1
        k = 0
        while written < options.size:
            ts_shift, step_shift, id_shift = k * ts_period, k * step_period, k * id_period
            chunk = []
            for template in repeated:
                chunk.append(template.render(ts_shift, step_shift, id_shift))
            text = ("" if first else ",\n") + ",\n".join(chunk)
            first = False
            written += out.write(text)
            counted["events"] += len(chunk)
            for device, spans in intervals.items():
                for start, end in spans:
                    unions[device].add(start + ts_shift, end + ts_shift)
            k += 1
        counted["copies"] = k
        written += out.write("\n]}\n")

    expected = {
        "source": str(options.source.name),
        "trace": options.output.name,
        "bytes": options.output.stat().st_size,
        "events": counted["events"],
        "copies": counted["copies"],
        "steps": counted["copies"] * step_period,
        "sourceSpanUs": span / 1000,
        "copyPeriodUs": ts_period / 1000,
        "devices": {f"cuda:{d}": u.result() for d, u in sorted(unions.items())},
        "sourceDevices": {},
    }
    for device, spans in sorted(intervals.items()):
        single = Union()
        for start, end in spans:
            single.add(start, end)
        expected["sourceDevices"][f"cuda:{device}"] = single.result()
    Path(str(options.output) + ".expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    json.dump(expected, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
