#!/usr/bin/env bash
# Uploads a large Kineto trace to a platform started with a 512 MB heap and records what it cost.
#
#   docs/performance/traces/ingest-1gb.sh <platform jar> <trace.json> [results dir]
#
# Builds nothing. Starts `java -Xmx512m -XX:+HeapDumpOnOutOfMemoryError -jar <jar>` with its default
# embedded PostgreSQL (a fresh data directory under the results dir) on a free port, creates a project,
# uploads the trace with curl -T (then its `gzip -1` copy unless GZIP=0), and writes to the results dir:
# platform.log, gc.log (-Xlog:gc), jstat-*.log (jstat -gc every second during each upload),
# heap-*.txt (jcmd GC.heap_info), answer-*.json, spool-*.log (spool file size every second) and
# summary.txt. The expected idle percent is read from <trace.json>.expected.json
# (written by make_large_trace.py). Stops the platform at the end.
#
# The embedded PostgreSQL refuses to run as root: as root, the platform runs as RUN_AS (default
# nobody), and jcmd/jstat run as that user too.
set -euo pipefail

JAR=$(realpath "${1:?usage: ingest-1gb.sh <platform jar> <trace.json> [results dir]}")
TRACE=$(realpath "${2:?usage: ingest-1gb.sh <platform jar> <trace.json> [results dir]}")
OUT=$(realpath -m "${3:-/var/tmp/hostgap-ingest-$(date +%Y%m%d-%H%M%S)}")
GZIP=${GZIP:-1}
HEAP=${HEAP:-512m}
EXPECTED="$TRACE.expected.json"

if [ "$(id -u)" = 0 ]; then
  RUN_AS=${RUN_AS:-nobody}
  as_user() { runuser -u "$RUN_AS" -- "$@"; }
else
  RUN_AS=$(id -un)
  as_user() { "$@"; }
fi

mkdir -p "$OUT/tmp" "$OUT/home"
chmod 755 "$OUT"
[ "$(id -u)" = 0 ] && chown -R "$RUN_AS" "$OUT/tmp" "$OUT/home"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
BASE="http://127.0.0.1:$PORT"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }

say "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM  java: $(java -version 2>&1 | head -1)"
say "jar: $JAR"
say "trace: $TRACE ($(stat -c %s "$TRACE") bytes)"

# The platform's own temp directory (where the upload is spooled) and home (embedded server files) are in $OUT.
as_user env HOSTGAP_ADMIN_TOKEN="$TOKEN" sh -c 'echo $$ > "$1/platform.pid"; shift; exec "$@"' sh "$OUT/home" \
  java -Xmx"$HEAP" -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$OUT/home" \
  -Xlog:gc:file="$OUT/home/gc.log":uptime \
  -Djava.io.tmpdir="$OUT/tmp" -Duser.home="$OUT/home" \
  -jar "$JAR" --server.port="$PORT" \
  --hostgap.embedded-database.data-directory="$OUT/home/pgdata" \
  > "$OUT/platform.log" 2>&1 &
sleep 1
PID=$(cat "$OUT/home/platform.pid")
say "platform pid $PID as $RUN_AS on port $PORT, -Xmx$HEAP"

stop() {
  if kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    for _ in $(seq 60); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
  fi
  cp "$OUT/home/gc.log" "$OUT/gc.log" 2>/dev/null || true
}
trap stop EXIT

for i in $(seq 180); do
  if curl -fs "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then say "platform exited during start"; tail -40 "$OUT/platform.log"; exit 1; fi
  sleep 1
done
say "started in ${i}s"

heap() { # label
  as_user jcmd "$PID" GC.run > /dev/null
  as_user jcmd "$PID" GC.heap_info > "$OUT/heap-$1.txt"
  say "heap $1 (after a full GC): $(grep -m1 -E 'garbage-first heap|total' "$OUT/heap-$1.txt" | sed 's/^ *//')"
}

curl -fsS -X POST "$BASE/api/v1/projects" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"ingest-bench","repoUrl":"https://example.com/ingest-bench.git","defaultBranch":"main"}' > "$OUT/project.json"

# -T streams the file; curl 7.88's --data-binary @file reads it into memory and refuses a file over 1 GiB
# ("option --data-binary: out of memory").
upload() { # label file sha
  local label=$1 file=$2 sha=$3
  heap "before-$label"
  as_user sh -c 'echo $$ > "$1"; shift; exec "$@"' sh "$OUT/home/jstat.pid" jstat -gc -t "$PID" 1000 > "$OUT/jstat-$label.log" &
  sleep 0.5
  local jstat
  jstat=$(cat "$OUT/home/jstat.pid")
  ( while :; do
      printf '%s %s\n' "$(date +%s.%N)" "$(stat -c %s "$OUT"/tmp/hostgap-trace-*.upload 2>/dev/null | head -1)"
      sleep 1
    done ) > "$OUT/spool-$label.log" &
  local spool=$!
  local start end status
  start=$(date +%s.%N)
  status=$(curl -sS -o "$OUT/answer-$label.json" --max-time 3600 \
    -w '%{http_code} time_total=%{time_total}s uploaded=%{size_upload}B speed_upload=%{speed_upload}B/s' \
    -X POST "$BASE/api/v1/projects/ingest-bench/traces?sha=$sha&branch=main&name=$label" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/octet-stream' \
    -T "$file" || echo "curl-failed-$?")
  end=$(date +%s.%N)
  kill "$spool" "$jstat" 2>/dev/null || true
  wait "$spool" "$jstat" 2>/dev/null || true
  local bytes seconds
  bytes=$(stat -c %s "$file")
  seconds=$(echo "$end $start" | awk '{printf "%.1f", $1 - $2}')
  say "upload $label: $bytes bytes, HTTP $status, wall ${seconds}s, $(echo "$bytes $seconds" | awk '{printf "%.1f", $1 / 1e6 / $2}') MB/s"
  # the spool file stops growing when the body has arrived: the rest is reading the trace and storing it
  say "  $(awk -v s="$start" 'NF == 2 && $2 + 0 > max {max = $2 + 0; grown = $1} NF == 2 {last = $1}
      END {if (grown) printf "spool file reached %d bytes %.0fs after the start, last seen at %.0fs: the rest is reading and storing", max, grown - s, last - s; else printf "spool file not sampled"}' "$OUT/spool-$label.log")"
  # jstat -gc -t: Timestamp S0C S1C S0U S1U EC EU OC OU ...; used heap = S0U + S1U + EU + OU
  say "  jstat max heap used $(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {u = $4 + $5 + $7 + $9; if (u > m) m = u; if ($9 > o) o = $9} END {printf "%.0f MB, max old gen used %.0f MB", m / 1024, o / 1024}' "$OUT/jstat-$label.log")"
  if kill -0 "$PID" 2>/dev/null; then say "  platform alive after upload"; else say "  PLATFORM DIED"; fi
  python3 - "$OUT/answer-$label.json" "$EXPECTED" <<'PY' | tee -a "$SUMMARY"
import json, sys
try:
    answer = json.load(open(sys.argv[1]))
except FileNotFoundError:
    print("  no answer"); sys.exit(0)
except Exception as e:
    print("  answer is not JSON:", open(sys.argv[1], errors="replace").read()[:2000]); sys.exit(0)
if "devices" not in answer:
    print("  answer:", json.dumps(answer)[:2000]); sys.exit(0)
expected = json.load(open(sys.argv[2]))
print(f"  answer: events {answer['events']} (expected {expected['events']}), steps {answer['steps']} (expected {expected['steps']})")
for d in answer["devices"]:
    e = expected["devices"].get(d["device"], {})
    print(f"  {d['device']}: idlePercent {d['idlePercent']!r} expected {e.get('idlePercent')!r};"
          f" spanUs {d['spanUs']} expected {e.get('spanUs')}; busyUs {d['busyUs']} expected {e.get('busyUs')};"
          f" kernels {d['kernels']} + memcpys {d['memcpys']} expected activities {e.get('activities')}")
PY
  heap "after-$label"
}

upload large "$TRACE" "$(printf 'a%.0s' $(seq 40))"
if [ "$GZIP" = 1 ] && kill -0 "$PID" 2>/dev/null; then
  t0=$(date +%s.%N)
  gzip -1 -c "$TRACE" > "$OUT/trace.json.gz"
  say "gzip -1: $(stat -c %s "$OUT/trace.json.gz") bytes in $(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1 - $2}')s (not part of the upload time)"
  upload large-gz "$OUT/trace.json.gz" "$(printf 'b%.0s' $(seq 40))"
  rm -f "$OUT/trace.json.gz"
fi

say "peak heap after GC (gc.log, MB after each collection): $(grep -oE '[0-9]+M->[0-9]+M' "$OUT/home/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1) MB"
say "peak RSS (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/"$PID"/status)"
say "heap dumps: $(ls "$OUT"/home/*.hprof 2>/dev/null || echo none)"
say "OutOfMemoryError in log: $(grep -c OutOfMemoryError "$OUT/platform.log" || true)"
say "platform log errors/warnings: $(grep -cE ' (ERROR|WARN) ' "$OUT/platform.log" || true)"
stop
say "platform stopped"
