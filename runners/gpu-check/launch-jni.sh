#!/usr/bin/env bash
# On the GPU machine, for the launch path through hostgap's own JNI library (DriverLaunch):
# the workloads' tests on the GPU (JUnit console, from .gpu/gpu-tests.tar.gz), every workload once
# with short iterations (each one still runs), and LaunchCostProbe (the JNI call beside JCuda's
# launch modes, one JVM, 3 rounds) with the native driver-API reference around it.
# Needs .gpu/hostgap-runner-bundle.tar.gz (runners/build-bundle.sh) and .gpu/gpu-tests.tar.gz
# (pack-gpu-tests.sh; of what it writes, only that file is needed here).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
tar xzf "$root/.gpu/hostgap-runner-bundle.tar.gz" -C "$work"
tar xzf "$root/.gpu/gpu-tests.tar.gz" -C "$work"
bundle="$work/hostgap-runner"
java="$bundle/runtime/bin/java"
sha=${SHA:-0000000000000000000000000000000000000001}
{ nvidia-smi --query-gpu=name,driver_version,uuid,clocks.sm,clocks_throttle_reasons.active --format=csv,noheader
  nproc; uname -m; ldd --version | head -1; date -u; } > "$OUT/machine-jni.txt"
(cd "$work/gpu-tests/workloads" && "$java" -jar ../junit-platform-console-standalone-*.jar execute --disable-banner --details=tree \
    --class-path "test-classes:$(ls ../assertj-core-*.jar):$bundle/lib/hostgap-runner.jar" --scan-class-path test-classes) \
    > "$OUT/gpu-tests.txt" 2>&1
echo "gpu tests exit $?" >> "$OUT/gpu-tests.txt"
taskset -c 2-5 "$bundle/bin/hostgap-runner" run -f 1 -wi 1 -i 1 --iteration-time 50ms \
    --project gpu-check --sha "$sha" --out "$OUT/every-workload.json" 2>> "$OUT/runner-jni.log"
echo "every workload exit $?" >> "$OUT/runner-jni.log"
source "$root/runners/gpu-check/probe-rounds.sh"
probe_rounds "$bundle" "$work" "$OUT/runner-jni.log" || exit 1
{ nvidia-smi --query-gpu=clocks.sm,clocks_throttle_reasons.active --format=csv,noheader; date -u; } >> "$OUT/machine-jni.txt"
