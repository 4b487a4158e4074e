#!/usr/bin/env bash
# GitLab CI's side of the CI templates: reads the pipeline's predefined variables into what
# hostgap-ci.sh needs, and leaves the summary as job artifacts in the project directory:
# hostgap-summary.md (Markdown, exposed on the merge request) and hostgap-report.xml (a one-test
# JUnit report, failed unless the gate passed, shown in the merge request's test summary).
# Called by ci-templates/gitlab/hostgap.gitlab-ci.yml; the job's result is this script's exit code.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${CI_COMMIT_SHA:?not set: run this from a GitLab CI job}"
project_dir=${CI_PROJECT_DIR:-$PWD}

export HOSTGAP_CI_PROVIDER=gitlab
export HOSTGAP_CI_SUMMARY="$project_dir/hostgap-summary.md"
export HOSTGAP_CI_WORK_DIR="$project_dir/.hostgap-runs"
rm -rf "$HOSTGAP_CI_WORK_DIR"
: >"$HOSTGAP_CI_SUMMARY"

if [ -n "${CI_MERGE_REQUEST_IID:-}" ]; then
  # in a merged results pipeline CI_COMMIT_SHA is the merge GitLab made; the source branch's head is judged
  export HOSTGAP_CI_HEAD=${CI_MERGE_REQUEST_SOURCE_BRANCH_SHA:-$CI_COMMIT_SHA}
  export HOSTGAP_CI_PULL_REQUEST=$CI_MERGE_REQUEST_IID
  export HOSTGAP_CI_PULL_REQUEST_BASE=${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}
  if [ "${CI_MERGE_REQUEST_SOURCE_PROJECT_ID:-}" = "${CI_MERGE_REQUEST_PROJECT_ID:-}" ]; then
    export HOSTGAP_CI_FORK=false
  else
    export HOSTGAP_CI_FORK=true
  fi
  export HOSTGAP_CI_BRANCH=""
  name="merge request !$CI_MERGE_REQUEST_IID"
else
  export HOSTGAP_CI_HEAD=$CI_COMMIT_SHA
  export HOSTGAP_CI_BRANCH=${CI_COMMIT_BRANCH:-}   # empty for a tag pipeline: no branch is moved
  export HOSTGAP_CI_BASE=${CI_COMMIT_BEFORE_SHA:-}
  name="${CI_COMMIT_BRANCH:-${CI_COMMIT_TAG:-commit}} ${CI_COMMIT_SHA:0:10}"
fi

bash "$here/hostgap-ci.sh"
code=$?
python3 "$here/hostgap_json.py" junit "$project_dir/hostgap-report.xml" --name "${HOSTGAP_PROJECT:-hostgap}: $name" \
  --exit-code "$code" --summary-file "$HOSTGAP_CI_SUMMARY" || echo "hostgap: could not write hostgap-report.xml" >&2
exit "$code"
