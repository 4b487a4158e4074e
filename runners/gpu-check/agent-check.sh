#!/usr/bin/env bash
# On the GPU machine: the real agent from the bundle leases one job from a fake platform, clones a
# repository by file URL, runs hostgap-runner's launch workloads on the GPU as the job's command,
# and sends the result. What it sent is left in $OUT.
set -uo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
tar xzf bundle.tar.gz -C "$work"
tar xzf repo.tar.gz -C "$work"
runner="$work/hostgap-runner/bin/hostgap-runner"
sha=$(cat repo-sha)
export JOB_COMMAND="${JOB_COMMAND:-$runner run --project gpu-check --sha \$HOSTGAP_SHA --forks 3 -wi 2 -i 3 --iteration-time 200ms -p args=0,4 launch.enqueue launch.sync --out hostgap-result.json}"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader > "$OUT/gpu.txt"
(sleep 600) | python3 fake_platform.py "file://$work/engine" "$sha" "$OUT" & fake=$!
sleep 2
(umask 077 && echo hgr_gpu_check > "$work/runner-token")
# the sandbox when this machine has bubblewrap (the job then measures through /dev/nvidia* passed in)
isolation=(--isolation none); command -v bwrap >/dev/null && isolation=(--isolation sandbox --sandbox-path "$work/hostgap-runner")
timeout 500 "$runner" agent --server http://127.0.0.1:18080 --token-file "$work/runner-token" "${isolation[@]}" --labels h200 --work-dir "$work/agent" --once 2> "$OUT/agent.log"
echo "agent exit $?" >> "$OUT/agent.log"
cp "$work"/agent/logs/*.log "$OUT/" 2>/dev/null
kill $fake 2>/dev/null
ls -la "$OUT"
