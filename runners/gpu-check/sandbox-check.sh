#!/usr/bin/env bash
# On the GPU machine: the agent's sandbox on a real GPU node. Runs agent-check.sh twice, with the
# job in bubblewrap: (1) the launch workloads measured on the GPU through the /dev/nvidia* nodes the
# sandbox passes in; (2) a job that hunts for the runner's token in its environment, every readable
# /proc/*/environ and cmdline, $HOME, /tmp and the directories above its work tree, and fails with
# what it found as its reason. Uses the machine's bwrap, or one carried in .gpu/bwrap (bwrap.real
# and its libraries) through a wrapper. Then (3) the same hunt with --isolation none, which must find
# the token. Writes probe.txt, gpu.txt and each run's request bodies and log to $OUT (7 files).
set -uo pipefail
cd "$(dirname "$0")"
here=$PWD
{
  echo "date: $(date -u +%FT%TZ)"; uname -r
  echo "unprivileged_userns_clone: $(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo n/a)"
  echo "max_user_namespaces: $(cat /proc/sys/user/max_user_namespaces)"
  echo "system bwrap: $(command -v bwrap || echo none)"; id
} > "$OUT/probe.txt"
if ! command -v bwrap >/dev/null && [ -x "$here/bwrap/bwrap.real" ]; then
  mkdir -p "$here/bwrap/bin"
  printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$here/bwrap" "$here/bwrap/bwrap.real" > "$here/bwrap/bin/bwrap"
  chmod +x "$here/bwrap/bin/bwrap" "$here/bwrap/bwrap.real"
  export PATH="$here/bwrap/bin:$PATH"
  echo "carried bwrap: $("$here/bwrap/bin/bwrap" --version 2>&1)" >> "$OUT/probe.txt"
fi
bwrap --unshare-all --share-net --die-with-parent --ro-bind / / --proc /proc --dev /dev true >> "$OUT/probe.txt" 2>&1 \
  && echo "a sandbox starts" >> "$OUT/probe.txt" || echo "a sandbox does NOT start" >> "$OUT/probe.txt"

run() { # name, then JOB_COMMAND (empty: the default measurement)
  local name=$1 dir; dir=$(mktemp -d)
  if [ -n "$2" ]; then JOB_COMMAND="$2" OUT="$dir" bash "$here/${3:-agent-check.sh}" > "$dir/ls.txt" 2>&1
  else OUT="$dir" bash "$here/agent-check.sh" > "$dir/ls.txt" 2>&1; fi
  cp "$dir/gpu.txt" "$OUT/gpu.txt" 2>/dev/null
  for f in complete.json fail.json; do [ -f "$dir/$f" ] && cp "$dir/$f" "$OUT/$name-$f"; done
  cat "$dir/agent.log" "$dir"/*.log 2>/dev/null | tail -c 60000 > "$OUT/$name-agent.log"
}
run measure ""
hunt='echo "uid $(id -u), processes seen: $(ls -d /proc/[0-9]* | wc -l), env names: $(env | cut -d= -f1 | sort | tr "\n" " ")";
  echo "hgr_ in own environment: $(env | grep -c hgr_)";

  # the pattern "hgr_gpu_chec[k]" matches the token but not itself, in this command line or in grep'"'"'s
  echo "files naming the token: [$(grep -rlsa "hgr_gpu_chec[k]" /proc/[0-9]*/environ /proc/[0-9]*/cmdline "$HOME" /tmp .. ../.. ../../.. 2>/dev/null | grep -v "^\.\./*$" | head -20 | tr "\n" " ")]";
  nvidia-smi -L; exit 3'
run hunt "$hunt"
# the control: the same hunt with --isolation none must find the token, or the hunt proves nothing
sed 's/^isolation=.*/isolation=(--isolation none)/' "$here/agent-check.sh" > "$here/agent-check-none.sh"
run hunt-none "$hunt" agent-check-none.sh
rm -f "$OUT/hunt-none-agent.log"
ls -la "$OUT"
