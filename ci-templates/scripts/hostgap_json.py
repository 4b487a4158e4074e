#!/usr/bin/env python3
"""JSON work for the CI scripts, so that they need no jq: python3 (3.8 or later) and bash only.

  hostgap_json.py get FILE PATH              print a field of a JSON file (a.b.c), nothing when absent
  hostgap_json.py mark IN OUT --project P --sha S [--branch B] [--parent SHA]... [--timestamp T]
                  [--message-file F] [--pull-request N --base-sha SHA]
                                             write IN as a run to upload for the commit CI checked (below)
  hostgap_json.py junit OUT --name N --exit-code C --summary-file F
                                             a one-test JUnit report for GitLab's merge request widget

mark: the CI context decides project, commit and pull request, whatever the file says (as for the
platform's own jobs, docs/ci.md). A file written for another commit keeps none of that commit's
parents, timestamp or message; a file for this commit keeps its own and gets what it lacks from
git. A run without a runId gets one, so an upload retried after a lost answer stores one run.
"""
import argparse
import json
import sys
import uuid
from xml.sax.saxutils import escape, quoteattr


def get(args):
    with open(args.file, encoding="utf-8") as f:
        value = json.load(f)
    for key in args.path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return 0
    print(value if isinstance(value, str) else json.dumps(value))
    return 0


def mark(args):
    try:
        with open(args.input, encoding="utf-8") as f:
            run = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{args.input} is not a readable JSON file: {e}", file=sys.stderr)
        return 2
    if not isinstance(run, dict) or not isinstance(run.get("results"), list):
        print(f"{args.input} is not a hostgap run file (an object with \"results\"); JMH's -rf json output "
              "goes to POST /api/v1/runs/jmh instead", file=sys.stderr)
        return 2
    commit = run.get("commit") if isinstance(run.get("commit"), dict) else {}
    if commit.get("sha") not in (None, args.sha):
        print(f"note: {args.input} was written for commit {commit.get('sha')}; "
              f"it is uploaded for {args.sha}, the commit CI checked", file=sys.stderr)
        commit = {}
    commit["sha"] = args.sha
    if args.branch:
        commit["branch"] = args.branch
    else:
        commit.pop("branch", None)
    if args.parent and not commit.get("parents"):
        commit["parents"] = args.parent
    if args.timestamp and not commit.get("timestamp"):
        commit["timestamp"] = args.timestamp
    if args.message_file and not commit.get("message"):
        with open(args.message_file, encoding="utf-8", errors="replace") as f:
            message = f.read().rstrip("\n").replace("\0", "")[:65536]
        if message:
            commit["message"] = message
    run["project"] = args.project
    run["commit"] = commit
    if args.pull_request:
        run["pullRequest"] = {"number": args.pull_request, "baseSha": args.base_sha}
    else:
        run.pop("pullRequest", None)
    run.setdefault("runId", str(uuid.uuid4()))
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(run, f, indent=2)
        f.write("\n")
    print(run["runId"])
    return 0


def junit(args):
    with open(args.summary_file, encoding="utf-8", errors="replace") as f:
        summary = f.read()
    failed = args.exit_code != 0
    first_line = next((line.lstrip("#* ").strip() for line in summary.splitlines() if line.strip()), "hostgap")
    body = (f'<failure message={quoteattr(first_line)} type="exit {args.exit_code}">{escape(summary)}</failure>'
            if failed else f"<system-out>{escape(summary)}</system-out>")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<testsuites><testsuite name="hostgap" tests="1" failures="{int(failed)}">'
                f'<testcase classname="hostgap" name={quoteattr(args.name)}>{body}</testcase>'
                "</testsuite></testsuites>\n")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("get")
    p.add_argument("file")
    p.add_argument("path")
    p.set_defaults(handler=get)
    p = commands.add_parser("mark")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--project", required=True)
    p.add_argument("--sha", required=True)
    p.add_argument("--branch")
    p.add_argument("--parent", action="append", default=[])
    p.add_argument("--timestamp")
    p.add_argument("--message-file")
    p.add_argument("--pull-request", type=int)
    p.add_argument("--base-sha")
    p.set_defaults(handler=mark)
    p = commands.add_parser("junit")
    p.add_argument("output")
    p.add_argument("--name", required=True)
    p.add_argument("--exit-code", type=int, required=True)
    p.add_argument("--summary-file", required=True)
    p.set_defaults(handler=junit)
    args = parser.parse_args()
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
