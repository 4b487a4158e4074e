#!/usr/bin/env bash
# confirm-pair.sh ROUNDS OUTDIR: on the GPU machine, from the repository root. One real
# confirmation for issue 17 ("Confirm, then bisect"): the runner bundle measures two sides that
# differ by a real host-side change, on ONE machine, interleaved A B A B ... for ROUNDS rounds:
#   side A: the plain environment (CUDA_LAUNCH_BLOCKING removed from it);
#   side B: CUDA_LAUNCH_BLOCKING=1, which makes every kernel launch wait for the kernel to finish.
# Why interleaved: run levels drift on one machine from run to run (docs/verdicts.md: 1-6% on an
# H200) by more than forks within a run spread; running A and B back to back in each round makes
# the drift common to both sides of a round, so the platform can judge the rounds as pairs
# (round i's A against round i's B) instead of two groups measured at different times.
#
# What is measured (identical options on both sides; one `hostgap-runner run` per side and round):
#   launch.enqueue args=0       empty-kernel launches back to back: where a blocking launch shows
#                               (host time per launch becomes a launch plus a kernel round trip);
#                               its GPU time is paced by the host once launches block, so
#                               gpu_us_per_op and the two ratio series move too;
#   transfer.hostcompute n=256  a sum on the host, no launch: a control that should not move.
# launch.sync is left out on purpose: under CUDA_LAUNCH_BLOCKING=1 the launch of GpuTimer's
# stream-holding kernel blocks until that kernel's 2e9-cycle timeout (about 1 s at 1980 MHz), 21
# batches a fork, so every GPU-timed fork of side B costs about 21 s more: one more GPU-timed
# workload would halve the rounds that fit in one device call.
#
# Each run is its own run file, named by its place in the order: round1-A.json, round1-B.json, ...
# Writes to OUTDIR: confirm-log.txt (GPU name, driver, UUID, date, every exact command, exit code
# and wall time) and confirm-runs.tar.gz (the run files, each run's runner output, `env` JSON),
# rewritten after every run so a run cut off at its limit still leaves what was done.
#
# Environment: SHA (the 40-hex commit of the build the bundle was made from; required),
# BUNDLE (default: the first of .bundle/hostgap-runner-bundle.tar.gz, .gpu/hostgap-runner-bundle.tar.gz,
# .gpu/bundle.tar.gz, runners/target/hostgap-runner-bundle.tar.gz), FORKS (2), CPUS (2-5: taskset),
# DEADLINE_S (0 = none: no new round starts unless it can end, at the longest round so far plus 10%,
# within this many seconds of the script's start).
set -uo pipefail
rounds=${1:?usage: confirm-pair.sh ROUNDS OUTDIR}
out=${2:?usage: confirm-pair.sh ROUNDS OUTDIR}
sha=${SHA:?SHA: the 40-hex commit the bundle was built from}
forks=${FORKS:-2}
cpus=${CPUS:-2-5}
deadline=${DEADLINE_S:-0}
bundle=${BUNDLE:-}
if [ -z "$bundle" ]; then
  for c in .bundle/hostgap-runner-bundle.tar.gz .gpu/hostgap-runner-bundle.tar.gz .gpu/bundle.tar.gz \
           runners/target/hostgap-runner-bundle.tar.gz; do
    [ -f "$c" ] && { bundle=$c; break; }
  done
fi
[ -f "$bundle" ] || { echo "no runner bundle (set BUNDLE)" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
log="$out/confirm-log.txt"
work=$(mktemp -d)
stage="$work/confirm"
mkdir -p "$stage"
tar xzf "$bundle" -C "$work" || exit 2
runner="$work/hostgap-runner/bin/hostgap-runner"
workloads=(launch.enqueue transfer.hostcompute)
opts=(--project gpu-check --sha "$sha" -f "$forks" -wi 2 -i 3 --iteration-time 200ms -p args=0 -p n=256)

say() { echo "$*" | tee -a "$log"; }
pack() { tar czf "$out/confirm-runs.tar.gz.tmp" -C "$stage" . && mv "$out/confirm-runs.tar.gz.tmp" "$out/confirm-runs.tar.gz"; }

: > "$log"
say "# confirm-pair.sh: side A plain environment, side B CUDA_LAUNCH_BLOCKING=1, interleaved A B per round"
say "date: $(date -u +%FT%TZ)"
say "host: $(uname -srm), $(nproc) CPUs"
say "\$ nvidia-smi --query-gpu=name,driver_version,uuid --format=csv"
nvidia-smi --query-gpu=name,driver_version,uuid --format=csv 2>&1 | tee -a "$log"
say "\$ nvidia-smi --query-gpu=clocks.sm,clocks.mem,temperature.gpu,power.draw,clocks_throttle_reasons.active --format=csv"
nvidia-smi --query-gpu=clocks.sm,clocks.mem,temperature.gpu,power.draw,clocks_throttle_reasons.active --format=csv 2>&1 | tee -a "$log"
say "bundle: $bundle sha256 $(sha256sum "$bundle" | cut -c1-64)"
say "build sha: $sha; rounds asked: $rounds; forks: $forks; cpus: $cpus; deadline: ${deadline}s"
say "runner: $runner (the bundle unpacked there)"
# the runner's env once: its JVM, jar and the driver are loaded before round 1 (and the
# environment a run reports is kept)
say "\$ env -u CUDA_LAUNCH_BLOCKING taskset -c $cpus $runner env > env.json"
env -u CUDA_LAUNCH_BLOCKING taskset -c "$cpus" "$runner" env > "$stage/env.json" 2> "$stage/env-stderr.txt"
say "env exit $?"

one() { # ROUND SIDE: one run of one side, written as roundROUND-SIDE.json
  local r=$1 side=$2 file="round$1-$2.json" start rc
  local envset=(-u CUDA_LAUNCH_BLOCKING)
  [ "$side" = B ] && envset=(CUDA_LAUNCH_BLOCKING=1)
  local cmd=(env "${envset[@]}" taskset -c "$cpus" "$runner" run "${workloads[@]}" "${opts[@]}"
             --branch "confirm-$side" --out "$stage/$file")
  say "[$(date -u +%T)] round $r side $side: \$ ${cmd[*]/$stage\//}"
  start=$SECONDS
  "${cmd[@]}" > "$stage/round$r-$side-runner.txt" 2>&1
  rc=$?
  say "[$(date -u +%T)] round $r side $side: exit $rc, $((SECONDS - start)) s, $( [ -f "$stage/$file" ] && echo "$file written" || echo "no run file")"
  pack
}

longest=0
done_rounds=0
for r in $(seq 1 "$rounds"); do
  if [ "$deadline" -gt 0 ] && [ "$r" -gt 1 ] && [ $((SECONDS + longest * 11 / 10)) -gt "$deadline" ]; then
    say "stopping before round $r: at ${SECONDS}s, the longest round so far (${longest}s) would end past the ${deadline}s deadline"
    break
  fi
  t=$SECONDS
  one "$r" A
  one "$r" B
  t=$((SECONDS - t))
  [ "$t" -gt "$longest" ] && longest=$t
  done_rounds=$r
  say "round $r: ${t}s"
done
say "\$ nvidia-smi --query-gpu=clocks.sm,clocks.mem,temperature.gpu,power.draw,clocks_throttle_reasons.active --format=csv"
nvidia-smi --query-gpu=clocks.sm,clocks.mem,temperature.gpu,power.draw,clocks_throttle_reasons.active --format=csv 2>&1 | tee -a "$log"
say "rounds done: $done_rounds of $rounds; total ${SECONDS}s; end $(date -u +%FT%TZ)"
pack
ls -l "$out"
