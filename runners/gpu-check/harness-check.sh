#!/usr/bin/env bash
# On the GPU machine (no Java, no Maven), from the repository root, with OUT set to a directory:
# the harness's, the workloads' and the runner's GPU tests (JUnit console), then the example
# benchmark examples/kernel-chain with run-on-gpu.sh's short settings, writing its run file.
# Needs what pack-gpu-tests.sh put in .gpu/ (gpu-tests.tar.gz, hostgap-runner.jar, runtime.tar.xz).
# Writes: machine.txt, gpu-tests.txt, kernel-chain-run.json, kernel-chain.log.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
tar xJf "$root/.gpu/runtime.tar.xz" -C "$work"
tar xzf "$root/.gpu/gpu-tests.tar.gz" -C "$work"
java="$work/rt/bin/java"
t="$work/gpu-tests"
runner="$root/.gpu/hostgap-runner.jar"
sha=${SHA:-0000000000000000000000000000000000000001}
{ nvidia-smi --query-gpu=name,driver_version,uuid,clocks.sm,clocks_throttle_reasons.active --format=csv,noheader
  nproc; uname -m; ldd --version | head -1; date -u; "$java" -version 2>&1 | head -1; } > "$OUT/machine.txt"
junit() { # module, selectors...
  local module="$1"; shift
  (cd "$t/$module" && "$java" -jar "$t"/junit-platform-console-standalone-*.jar execute --disable-banner \
      --details=tree --class-path "test-classes:$t/assertj-core-3.27.7.jar:$runner" "$@")
  echo "$module tests exit $?"
}
{ junit harness --scan-class-path test-classes
  junit workloads --scan-class-path test-classes
  # the runner's other tests need Spring's test support, which the pack leaves out: its GPU test alone
  junit runners --select-method dev.hostgap.runner.CommandLineTest#printsTheGpuItMeasuresOnWhereADriverLoads
} > "$OUT/gpu-tests.txt" 2>&1
# the example, as run-on-gpu.sh runs it (its defaults) but from the thin jar beside the runner's
# jar, which holds the harness, JCuda and JMH: the example's BenchmarkList comes first on the path
HOSTGAP_SHA="$sha" "$java" -Dkernelchain.forks=2 -Dkernelchain.warmup=1 -Dkernelchain.iterations=3 -Dkernelchain.time-ms=200 \
    -cp "$t/kernel-chain-thin.jar:$runner" dev.hostgap.examples.kernelchain.RunKernelChain "$OUT/kernel-chain-run.json" \
    > "$OUT/kernel-chain.log" 2>&1
echo "kernel-chain exit $?" >> "$OUT/kernel-chain.log"
{ nvidia-smi --query-gpu=clocks.sm,clocks_throttle_reasons.active --format=csv,noheader; date -u; } >> "$OUT/machine.txt"
