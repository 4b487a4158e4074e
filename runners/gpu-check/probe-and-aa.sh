#!/usr/bin/env bash
# On the GPU machine: LaunchCostProbe (launch modes interleaved in one JVM, three rounds, each after
# the native driver-API reference) and then the A/A set of the current build: launch, fusion,
# graph.replay and transfer workloads, 10 forks, measured in N separate runs (--repeat).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
tar xzf "$root/.gpu/hostgap-runner-bundle.tar.gz" -C "$work"
bundle="$work/hostgap-runner"
sha=${SHA:?the 40-hex commit the runs are of}
{ nvidia-smi --query-gpu=name,driver_version,uuid,clocks.sm,clocks_throttle_reasons.active --format=csv,noheader
  nproc; date -u; } > "$OUT/machine-aa.txt"
source "$root/runners/gpu-check/probe-rounds.sh"
probe_rounds "$bundle" "$work" "$OUT/runner-aa.log" || exit 1
taskset -c 2-5 "$bundle/bin/hostgap-runner" run launch.enqueue launch.sync fusion.unfused graph.replay transfer.positions \
    -p args=0,4 -p k=20 -p n=4096 -p kernels=100 -p batch=256 -p mode=device -f 10 -wi 2 -i 3 --iteration-time 150ms \
    --repeat "${REPEAT:-2}" --project gpu-check --sha "$sha" --out "$OUT/aa.json" 2>> "$OUT/runner-aa.log"
{ nvidia-smi --query-gpu=clocks.sm,clocks_throttle_reasons.active --format=csv,noheader; date -u; } >> "$OUT/machine-aa.txt"
