#!/usr/bin/env bash
# On the GPU machine: does the JVM harness still add its own cost to a launch with arguments?
# Three rounds, each the native driver-API reference (workloads/native/hostgap_driver_launch.cu,
# built here with nvcc) and then the JMH workloads launch.enqueue / launch.sync with 0 and 4
# arguments from the runner bundle, 10 forks, all pinned to CPUs 2-5. Each JVM round is also one
# run of the current build (an A/A run). Needs .gpu/hostgap-runner-bundle.tar.gz (runners/build-bundle.sh).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
tar xzf "$root/.gpu/hostgap-runner-bundle.tar.gz" -C "$work"
runner="$work/hostgap-runner/bin/hostgap-runner"
fatbin="$root/workloads/src/main/resources/dev/hostgap/workloads/kernels/hostgap_kernels.fatbin"
sha=${SHA:-$(git -C "$root" rev-parse HEAD 2>/dev/null || echo 0000000000000000000000000000000000000001)}
{ nvidia-smi --query-gpu=name,driver_version,uuid,clocks.sm,clocks_throttle_reasons.active --format=csv,noheader
  nproc; date -u; } > "$OUT/machine.txt"
nvcc -O2 -o "$work/driver-launch" "$root/workloads/native/hostgap_driver_launch.cu" -lcuda || exit 1
for round in 1 2 3; do
  taskset -c 2-5 "$work/driver-launch" "$fatbin" 1 150 | sed "s/\"round\":0/\"round\":$round/" >> "$OUT/native.jsonl"
  taskset -c 2-5 "$runner" run launch.enqueue launch.sync -p args=0,4 -f 10 -wi 2 -i 3 --iteration-time 150ms \
      --project gpu-check --sha "$sha" --out "$OUT/jvm-round$round.json" 2>> "$OUT/runner.log" || exit 1
done
{ nvidia-smi --query-gpu=clocks.sm,clocks_throttle_reasons.active --format=csv,noheader; date -u; } >> "$OUT/machine.txt"
