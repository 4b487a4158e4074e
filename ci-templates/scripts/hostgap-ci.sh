#!/usr/bin/env bash
# The provider-neutral half of the GitHub action and the GitLab template (docs/ci-templates.md):
# measures the commit CI checked (`hostgap-runner run`) or takes run files, uploads them (a pull
# request's marked with its number and base, so they never move a branch), then gates on the
# commit's answer with `hostgap-runner check`. The exit code is the job's result: 0 pass, and
# otherwise the exit code of the hostgap-runner command that failed (1 regression, 2 refused or
# misconfigured, 3/4 no GPU, 5 unreachable, 6 upload refused, 7 still pending, 8 will not be judged).
#
# github.sh and gitlab.sh read their CI's context and set, before calling this:
#   HOSTGAP_CI_PROVIDER   github | gitlab (how messages are shown)
#   HOSTGAP_CI_HEAD       the 40-hex commit measured and judged
#   HOSTGAP_CI_BRANCH     its branch (push); empty for a pull request
#   HOSTGAP_CI_BASE       what the compare table is against on a push (the push's `before`), may be empty
#   HOSTGAP_CI_PULL_REQUEST, HOSTGAP_CI_PULL_REQUEST_BASE   number and base sha of a pull (merge) request
#   HOSTGAP_CI_FORK       true when that pull request comes from a fork
#   HOSTGAP_CI_SUMMARY    the Markdown file the summary is appended to
#   HOSTGAP_CI_WORK_DIR   where run files are written
# and pass through the user's settings: HOSTGAP_SERVER, HOSTGAP_PROJECT, HOSTGAP_TOKEN,
# HOSTGAP_RUNNER, HOSTGAP_RUN_FILES, HOSTGAP_RUN_ARGS, HOSTGAP_WAIT, HOSTGAP_INTERVAL,
# HOSTGAP_FORK_PULL_REQUESTS (skip | check).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
json() { python3 "$here/hostgap_json.py" "$@"; }

provider=${HOSTGAP_CI_PROVIDER:-local}
server=${HOSTGAP_SERVER:-}
project=${HOSTGAP_PROJECT:-}
token=${HOSTGAP_TOKEN:-}
runner=${HOSTGAP_RUNNER:-hostgap-runner}
run_files=${HOSTGAP_RUN_FILES:-}
run_args=${HOSTGAP_RUN_ARGS:-}
wait_for=${HOSTGAP_WAIT:-15m}
interval=${HOSTGAP_INTERVAL:-10s}
fork_mode=${HOSTGAP_FORK_PULL_REQUESTS:-skip}
head=${HOSTGAP_CI_HEAD:-}
branch=${HOSTGAP_CI_BRANCH:-}
push_base=${HOSTGAP_CI_BASE:-}
pr=${HOSTGAP_CI_PULL_REQUEST:-}
pr_base=${HOSTGAP_CI_PULL_REQUEST_BASE:-}
fork=${HOSTGAP_CI_FORK:-false}
summary=${HOSTGAP_CI_SUMMARY:-/dev/null}
work=${HOSTGAP_CI_WORK_DIR:-$(mktemp -d)}

# --- messages: annotations on GitHub, plain lines elsewhere; every one also goes to the summary ---

gh_escape() { local s=${1//'%'/'%25'}; s=${s//$'\r'/'%0D'}; printf '%s' "${s//$'\n'/'%0A'}"; }
notice() {
  if [ "$provider" = github ]; then printf '::notice title=hostgap::%s\n' "$(gh_escape "$*")"; else printf 'hostgap: %s\n' "$*"; fi
}
warning() {
  if [ "$provider" = github ]; then printf '::warning title=hostgap::%s\n' "$(gh_escape "$*")"; else printf 'hostgap: warning: %s\n' "$*" >&2; fi
}
error() {
  if [ "$provider" = github ]; then printf '::error title=hostgap::%s\n' "$(gh_escape "$*")"; else printf 'hostgap: error: %s\n' "$*" >&2; fi
}
summarize() { printf '%s\n' "$@" >>"$summary"; }
# fail CODE HEADLINE MESSAGE: the job's result when something other than the verdict stops it
fail() {
  error "$3"
  summarize "### hostgap: $2" "" "$3" ""
  exit "$1"
}
is_sha() { [[ $1 =~ ^[0-9a-f]{40}$ ]]; }
short() { printf '%s' "${1:0:10}"; }

# --- what is being checked ---

[ -n "$server" ] || fail 2 "not configured" "No platform URL: set the server input (HOSTGAP_SERVER), e.g. https://hostgap.example.org."
[ -n "$project" ] || fail 2 "not configured" "No project: set the project input (HOSTGAP_PROJECT) to the platform project's name."
is_sha "$head" || fail 2 "no commit" "The commit to measure is not a full sha (got '$head')."
case $fork_mode in skip | check) ;; *) fail 2 "not configured" "fork-pull-requests must be skip or check, not '$fork_mode'." ;; esac
if [ -n "$pr" ]; then
  [[ $pr =~ ^[1-9][0-9]*$ ]] || fail 2 "no pull request number" "The pull request number is not a positive integer (got '$pr')."
  is_sha "$pr_base" || fail 2 "no base" "The pull request's base is not a full sha (got '$pr_base')."
  if [ "$provider" = gitlab ]; then request="merge request !$pr"; else request="pull request #$pr"; fi
  what="$request: $(short "$head") against base $(short "$pr_base")"
else
  what="$(short "$head")${branch:+ on $branch}"
fi
read -r -a runner_cmd <<<"$runner"
[ "${#runner_cmd[@]}" -gt 0 ] || runner_cmd=(hostgap-runner)
command -v python3 >/dev/null || fail 2 "python3 missing" "python3 is needed on the CI runner (it reads the CI event and edits run files)."
shopt -s nullglob

# --- git facts about the head, when the work tree has it: parents, time, message ---

parents=()
timestamp=""
message_file=""
if git cat-file -e "$head^{commit}" 2>/dev/null; then
  shallow=$(git rev-parse --git-path shallow 2>/dev/null)
  if ! { [ -f "$shallow" ] && grep -qx "$head" "$shallow"; }; then
    read -r -a parents <<<"$(git rev-list --parents -n 1 "$head")"
    parents=("${parents[@]:1}")   # the first is the head itself
  fi
  timestamp=$(git log -1 --format=%cI "$head")
  message_file="$work/commit-message.txt"
  mkdir -p "$work" && git log -1 --format=%B "$head" >"$message_file"
fi
if [ "${#parents[@]}" -eq 0 ] && is_sha "$push_base" && [ "$push_base" != "$head" ] && [[ ! $push_base =~ ^0+$ ]]; then
  parents=("$push_base")   # a shallow clone hides the parents; the push's previous head keeps the branch's order
fi
if [ -z "$pr" ]; then
  compare_base=$push_base
  if ! is_sha "$compare_base" || [[ $compare_base =~ ^0+$ ]]; then compare_base=${parents[0]:-$head}; fi
else
  compare_base=$pr_base
fi

# --- a fork's pull request gets no secrets: say so instead of failing obscurely ---

if [ -z "$token" ]; then
  if [ -n "$pr" ] && [ "$fork" = true ]; then
    approve="\`POST /api/v1/projects/$project/pull-requests/$pr/approvals\` with \`{\"sha\": \"$head\"}\`"
    [ "$provider" = github ] && approve="a \`/hostgap run $(short "$head")\` comment on the pull request, or $approve"
    notice "${request^} comes from a fork, and CI gives a fork's pipeline no secrets, so there is no upload token: nothing is measured or uploaded here. The platform's webhook measures forks once a maintainer approves the head (docs/ci.md, \"Fork pull requests\")."
    summarize "### hostgap: not measured here (fork)" "" \
      "${request^} comes from a fork; CI gives it no secrets, so this job has no upload token and measured nothing." \
      "hostgap measures a fork's head through its webhook once a maintainer has reviewed and approved that head: $approve (docs/ci.md, \"Fork pull requests\")." ""
    if [ "$fork_mode" = skip ]; then exit 0; fi
    notice "fork-pull-requests is 'check': waiting (read-only) for the platform's own answer for $(short "$head")"
    gate_only=true
  else
    fail 2 "no upload token" "No upload token (HOSTGAP_TOKEN is empty): create one with POST /api/v1/projects/$project/tokens and store it as the CI secret HOSTGAP_TOKEN."
  fi
fi

# --- measure, or take the run files given ---

command -v "${runner_cmd[0]}" >/dev/null || fail 2 "hostgap-runner missing" "'${runner_cmd[0]}' was not found: install the runner bundle on this node (docs/runner.md) and put its bin/ on PATH, or set the runner input (HOSTGAP_RUNNER)."

upload_files=()
if [ "${gate_only:-false}" != true ]; then
  mkdir -p "$work/runs" "$work/upload"
  inputs=()
  if [ -n "$run_files" ]; then
    while IFS= read -r pattern; do
      [ -n "$pattern" ] || continue
      matched=0
      for file in $pattern; do   # globbed on purpose: "runs/*.json"
        [ -f "$file" ] || fail 2 "no run file" "Run file not found: $file"
        inputs+=("$file"); matched=1
      done
      [ "$matched" = 1 ] || fail 2 "no run file" "No run file matches '$pattern'."
    done <<<"${run_files//[[:space:]]/$'\n'}"
  else
    if [ -z "$pr" ] && head_now=$(git rev-parse HEAD 2>/dev/null) && [ "$head_now" != "$head" ]; then
      warning "The work tree is at $(short "$head_now"), not at $(short "$head"), the commit this run is recorded for."
    elif [ -n "$pr" ] && head_now=$(git rev-parse HEAD 2>/dev/null) && [ "$head_now" != "$head" ]; then
      warning "The work tree is at $(short "$head_now") (for a pull request GitHub checks out a merge commit), but the run is recorded for the head $(short "$head"): check out the head (actions/checkout with ref: the pull request's head sha)."
    fi
    read -r -a extra <<<"$run_args"
    command=("${runner_cmd[@]}" run "${extra[@]}" --project "$project" --sha "$head" --out "$work/runs/run.json")
    [ -n "$branch" ] && command+=(--branch "$branch")
    for p in "${parents[@]}"; do command+=(--parent "$p"); done
    printf 'hostgap: %s\n' "${command[*]}"
    "${command[@]}"
    code=$?
    case $code in
      0) ;;
      1) warning "Some workloads failed; they are uploaded as failed results and the others are judged." ;;
      3) fail 3 "no GPU driver" "hostgap-runner run found no NVIDIA driver (libcuda) on this node: is the job on a GPU runner?" ;;
      4) fail 4 "no GPU" "hostgap-runner run: the driver sees no GPU on this node." ;;
      *) fail "$code" "run failed" "hostgap-runner run exited with $code (2: invalid arguments; see its message above)." ;;
    esac
    for file in "$work"/runs/run.json "$work"/runs/run-*.json; do [ -f "$file" ] && inputs+=("$file"); done
    [ "${#inputs[@]}" -gt 0 ] || fail 2 "no run file" "hostgap-runner run wrote no run file."
  fi

  n=0
  for file in "${inputs[@]}"; do
    n=$((n + 1))
    out="$work/upload/$(printf '%02d' "$n")-$(basename "$file")"
    mark=(mark "$file" "$out" --project "$project" --sha "$head")
    if [ -n "$pr" ]; then mark+=(--pull-request "$pr" --base-sha "$pr_base"); else [ -n "$branch" ] && mark+=(--branch "$branch"); fi
    for p in "${parents[@]}"; do mark+=(--parent "$p"); done
    [ -n "$timestamp" ] && mark+=(--timestamp "$timestamp")
    [ -n "$message_file" ] && mark+=(--message-file "$message_file")
    json "${mark[@]}" >/dev/null || fail 2 "not a run file" "$file cannot be uploaded (see the message above)."
    upload_files+=("$out")
  done

  printf 'hostgap: uploading %d run(s) of %s\n' "${#upload_files[@]}" "$what"
  HOSTGAP_TOKEN=$token "${runner_cmd[@]}" upload --server "$server" "${upload_files[@]}"
  code=$?
  case $code in
    0) ;;
    5) fail 5 "platform unreachable" "Could not upload to $server (it did not answer, or answered 5xx). The run files are in $work/upload; send them later with hostgap-runner upload." ;;
    6) fail 6 "upload refused" "The platform refused the run (wrong or revoked token, unknown project, or an invalid run): see the message above." ;;
    *) fail "$code" "upload failed" "hostgap-runner upload exited with $code: see the message above." ;;
  esac
fi

# --- the gate: the commit's one answer, and the compare table ---

printf 'hostgap: waiting up to %s for the platform to judge %s\n' "$wait_for" "$what"
HOSTGAP_TOKEN=$token "${runner_cmd[@]}" check --server "$server" --project "$project" --base "$compare_base" --head "$head" \
  --wait "$wait_for" --interval "$interval" >"$work/compare.md" 2>"$work/check.err"
code=$?
cat "$work/compare.md"
cat "$work/check.err" >&2
answer=$(sed -n 's/^head [0-9a-f]*: //p' "$work/check.err" | head -n 1)
problem=$(sed -n 's/^hostgap-runner: //p' "$work/check.err" | head -n 1)
case $code in
  0) headline="no regression"; notice "$what: ${answer:-judged, no regression}" ;;
  1) headline="regression"; error "Regression in $what: $answer" ;;
  2) headline="check refused"; error "The platform refused the check (unknown project, or a token it does not accept): $problem" ;;
  5) headline="platform unreachable"; error "No answer from $server within $wait_for: $problem" ;;
  7) headline="not judged in time"
     hint=""
     if [[ $problem == *"Waiting for base"* ]]; then
       hint=" The base $(short "$compare_base") has no run: measure every push to the base branch with this job, or upload a run of it (hostgap-runner run --sha $compare_base)."
     elif [[ $problem == *"Waiting for approval"* ]]; then
       hint=" A maintainer approves a fork's head on the platform (docs/ci.md, \"Fork pull requests\")."
     fi
     error "$what was still pending after $wait_for: $problem.$hint Raise the wait input if the platform needs longer." ;;
  8) headline="will not be judged"; error "The platform will not judge $what: $problem" ;;
  *) headline="check failed"; error "hostgap-runner check exited with $code: $problem" ;;
esac
summarize "### hostgap: $headline ($what)" ""
[ -n "$answer" ] && summarize "$answer" ""
[ -n "$problem" ] && [ "$code" != 0 ] && [ "$code" != 1 ] && summarize "$problem" ""
[ -s "$work/compare.md" ] && summarize "$(cat "$work/compare.md")" ""
exit "$code"
