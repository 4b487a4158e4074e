#!/usr/bin/env bash
# Runs the kernel-chain benchmark with short settings on a GPU machine and writes the run file.
#   examples/kernel-chain/run-on-gpu.sh RUN_FILE [SHA]
# Needs target/kernel-chain.jar, built beforehand where Maven is, from the repository root:
#   mvn -B -q -pl examples/kernel-chain -am package -DskipTests
# Java 17+ from $JAVA, else from PATH (a jlink runtime with the modules JMH uses will do).
# SHA (or $HOSTGAP_SHA) names the measured commit; default: git's HEAD.
# Settings: FORKS (2), WARMUP (1), ITERATIONS (3), TIME_MS (200); override any in the environment.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: run-on-gpu.sh RUN_FILE [SHA]}"
java="${JAVA:-$(command -v java || true)}"
[ -x "$java" ] || { echo "no java: set JAVA to a java binary" >&2; exit 2; }
jar="$here/target/kernel-chain.jar"
[ -f "$jar" ] || { echo "no $jar: build it first (see the top of this script)" >&2; exit 2; }
sha="${2:-${HOSTGAP_SHA:-$(git -C "$here" rev-parse HEAD 2>/dev/null || true)}}"
[ -n "$sha" ] || { echo "give the measured commit's sha as the second argument or HOSTGAP_SHA" >&2; exit 2; }
HOSTGAP_SHA="$sha" "$java" -Dkernelchain.forks="${FORKS:-2}" -Dkernelchain.warmup="${WARMUP:-1}" \
  -Dkernelchain.iterations="${ITERATIONS:-3}" -Dkernelchain.time-ms="${TIME_MS:-200}" \
  -jar "$jar" "$out"
