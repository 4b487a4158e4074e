#!/usr/bin/env bash
# Sourced by the GPU check scripts: probe_rounds BUNDLE WORK LOG appends to $OUT/probe.jsonl three
# rounds, each the native driver-API reference (workloads/native/hostgap_driver_launch.cu, built
# here with nvcc) followed by LaunchCostProbe in the bundle's JVM, all pinned to CPUs 2-5.
probe_rounds() {
  local bundle=$1 work=$2 log=$3
  local root fatbin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  fatbin="$root/workloads/src/main/resources/dev/hostgap/workloads/kernels/hostgap_kernels.fatbin"
  nvcc -O2 -o "$work/driver-launch" "$root/workloads/native/hostgap_driver_launch.cu" -lcuda || return 1
  for round in 1 2 3; do
    taskset -c 2-5 "$work/driver-launch" "$fatbin" 1 150 | sed "s/\"round\":0/\"round\":$round/" >> "$OUT/probe.jsonl"
    taskset -c 2-5 "$bundle/runtime/bin/java" -cp "$bundle/lib/hostgap-runner.jar" dev.hostgap.workloads.cuda.LaunchCostProbe 1 150 \
        2>> "$log" | sed "s/\"round\":0/\"round\":$round/" >> "$OUT/probe.jsonl"
  done
}
