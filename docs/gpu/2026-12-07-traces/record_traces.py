"""Records PyTorch profiler (Kineto) traces of one small model, three ways, for hostgap's trace tests.

  eager  - the model run op by op (one kernel launch per op)
  sync   - the same, plus a data-dependent check in the middle of each step (`.item()`: a device-to-host
           copy and a stream synchronization per step, the kind of change that makes a GPU sit idle)
  graph  - the same forward captured once as a CUDA graph and replayed each step

Each trace marks 6 profiler steps (ProfilerStep#N). Run: python3 record_traces.py OUTDIR
Writes OUTDIR/<variant>-<n>.json.gz and OUTDIR/reference.json: the idle percent per device computed here,
independently of hostgap, by the definition in docs/traces.md (span from the first GPU activity's start to the
last one's end, minus the union of every kernel, memcpy and memset).
"""
import gzip, json, os, sys, time
import torch

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
dev = torch.device("cuda")

class Block(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.norm = torch.nn.LayerNorm(d)
        self.up = torch.nn.Linear(d, 4 * d)
        self.down = torch.nn.Linear(4 * d, d)
    def forward(self, x):
        return x + self.down(torch.nn.functional.gelu(self.up(self.norm(x))))

class Model(torch.nn.Module):
    def __init__(self, d=512, layers=8, check=False):
        super().__init__()
        self.blocks = torch.nn.ModuleList(Block(d) for _ in range(layers))
        self.check = check
    def forward(self, x):
        for i, b in enumerate(self.blocks):
            x = b(x)
            if self.check and i == len(self.blocks) // 2:
                # a data-dependent check: the host waits for the GPU once per step
                if x.abs().max().item() > 1e6:
                    x = x / 2
        return x

def record(variant, n):
    model = Model(check=(variant == "sync")).to(dev).eval()
    x = torch.randn(8, 512, device=dev)
    step_fn = None
    with torch.no_grad():
        for _ in range(5):
            model(x)
        torch.cuda.synchronize()
        if variant == "graph":
            static_x = x.clone()
            s = torch.cuda.Stream()
            s.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(s):
                for _ in range(3):
                    model(static_x)
            torch.cuda.current_stream().wait_stream(s)
            g = torch.cuda.CUDAGraph()
            with torch.cuda.graph(g):
                static_y = model(static_x)
            step_fn = g.replay
        else:
            step_fn = lambda: model(x)
        path = os.path.join(out, f"{variant}-{n}.json")
        sched = torch.profiler.schedule(wait=1, warmup=2, active=6, repeat=1)
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA],
                                    schedule=sched, with_stack=True,
                                    on_trace_ready=lambda p: p.export_chrome_trace(path)) as prof:
            for _ in range(9):
                step_fn()
                prof.step()
        torch.cuda.synchronize()
    with open(path, "rb") as f, gzip.open(path + ".gz", "wb") as g:
        g.write(f.read())
    os.remove(path)
    return path + ".gz"

def idle(path):
    with gzip.open(path, "rt") as f:
        trace = json.load(f)
    per_device = {}
    for e in trace["traceEvents"]:
        if e.get("ph") == "X" and e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset"):
            d = int(e["args"]["device"])
            per_device.setdefault(d, []).append((float(e["ts"]), float(e["ts"]) + float(e.get("dur", 0))))
    result = {}
    for d, iv in sorted(per_device.items()):
        iv.sort()
        busy, cur_s, cur_e = 0.0, None, None
        for s, e in iv:
            if cur_e is None or s > cur_e:
                if cur_e is not None:
                    busy += cur_e - cur_s
                cur_s, cur_e = s, e
            else:
                cur_e = max(cur_e, e)
        busy += cur_e - cur_s
        span = max(e for _, e in iv) - min(s for s, _ in iv)
        result[str(d)] = {"spanUs": span, "busyUs": busy, "idlePercent": 100.0 * (span - busy) / span,
                          "activities": len(iv)}
    return result

reference = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__, "cuda": torch.version.cuda,
             "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "traces": {}}
for variant in ("eager", "sync", "graph"):
    for n in (1, 2, 3):
        p = record(variant, n)
        reference["traces"][os.path.basename(p)] = idle(p)
        print(os.path.basename(p), os.path.getsize(p), reference["traces"][os.path.basename(p)], flush=True)
with open(os.path.join(out, "reference.json"), "w") as f:
    json.dump(reference, f, indent=1)
