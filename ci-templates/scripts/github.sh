#!/usr/bin/env bash
# GitHub Actions' side of the CI templates: reads the workflow's event (GITHUB_EVENT_NAME,
# GITHUB_EVENT_PATH) into what hostgap-ci.sh needs, and writes the summary to the job's page
# ($GITHUB_STEP_SUMMARY). Called by ci-templates/github/action.yml; runs anywhere those variables
# are set (ci-templates/test/run-templates.sh sets them by hand).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
event() { python3 "$here/hostgap_json.py" get "$GITHUB_EVENT_PATH" "$1"; }

: "${GITHUB_EVENT_NAME:?not set: run this from a GitHub Actions step}"
: "${GITHUB_EVENT_PATH:?not set: run this from a GitHub Actions step}"
export HOSTGAP_CI_PROVIDER=github
export HOSTGAP_CI_SUMMARY=${GITHUB_STEP_SUMMARY:-/dev/null}
HOSTGAP_CI_WORK_DIR=$(mktemp -d "${RUNNER_TEMP:-/tmp}/hostgap.XXXXXX") || exit 2
export HOSTGAP_CI_WORK_DIR

case $GITHUB_EVENT_NAME in
  pull_request | pull_request_target)
    # GITHUB_SHA is the merge commit GitHub made; the pull request's head is what is judged
    HOSTGAP_CI_HEAD=$(event pull_request.head.sha)
    HOSTGAP_CI_PULL_REQUEST=$(event pull_request.number)
    HOSTGAP_CI_PULL_REQUEST_BASE=$(event pull_request.base.sha)
    export HOSTGAP_CI_HEAD HOSTGAP_CI_PULL_REQUEST HOSTGAP_CI_PULL_REQUEST_BASE
    head_repo=$(event pull_request.head.repo.full_name)   # empty when the fork was deleted
    base_repo=$(event pull_request.base.repo.full_name)
    if [ "$head_repo" = "$base_repo" ]; then export HOSTGAP_CI_FORK=false; else export HOSTGAP_CI_FORK=true; fi
    export HOSTGAP_CI_BRANCH=""
    ;;
  *)
    # push, and anything else that names a commit (workflow_dispatch, schedule, merge_group)
    export HOSTGAP_CI_HEAD=${GITHUB_SHA:?not set}
    if [ "${GITHUB_REF_TYPE:-}" = branch ] || [[ ${GITHUB_REF:-} == refs/heads/* ]]; then
      export HOSTGAP_CI_BRANCH=${GITHUB_REF#refs/heads/}
    else
      export HOSTGAP_CI_BRANCH=""   # a tag: the run is stored at its commit and moves no branch
    fi
    if [ "$GITHUB_EVENT_NAME" = push ]; then
      HOSTGAP_CI_BASE=$(event before)
      export HOSTGAP_CI_BASE
    fi
    ;;
esac

exec bash "$here/hostgap-ci.sh"
