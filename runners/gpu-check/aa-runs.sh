#!/usr/bin/env bash
# On the GPU machine: the A/A set of the current build, launch, fusion, graph.replay and transfer
# workloads with 10 forks, measured in REPEAT separate runs of one commit (--repeat). Needs
# .gpu/hostgap-runner-bundle.tar.gz (runners/build-bundle.sh).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
tar xzf "$root/.gpu/hostgap-runner-bundle.tar.gz" -C "$work"
sha=${SHA:?the 40-hex commit the runs are of}
{ nvidia-smi --query-gpu=name,driver_version,uuid,clocks.sm,clocks_throttle_reasons.active --format=csv,noheader
  nproc; date -u; } > "$OUT/machine.txt"
taskset -c 2-5 "$work/hostgap-runner/bin/hostgap-runner" run launch.enqueue launch.sync fusion.unfused graph.replay transfer.positions \
    -p args=0,4 -p k=20 -p n=4096 -p kernels=100 -p batch=256 -p mode=device -f 10 -wi 2 -i 3 --iteration-time 150ms \
    --repeat "${REPEAT:-4}" --project gpu-check --sha "$sha" --out "$OUT/aa.json" 2> "$OUT/runner.log"
{ nvidia-smi --query-gpu=clocks.sm,clocks_throttle_reasons.active --format=csv,noheader; date -u; } >> "$OUT/machine.txt"
