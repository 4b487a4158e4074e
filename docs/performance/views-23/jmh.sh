#!/bin/bash
# jmh.sh <tree> <commits> <label> : ViewsBenchmark's issue-23 calls on a kept database of that size
tree=$1; commits=$2; label=$3
cd $tree/platform
export HOSTGAP_BENCH_DB=/var/tmp/hgv/db
uptime > /var/tmp/hgv/out/$label-$commits.load
java -Djmh.ignoreLock=true -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main -jvmArgsAppend -Djmh.ignoreLock=true \
  'ViewsBenchmark.(baselineHealth|seriesDefaultWindow|commits1000|compareHeadToParent|compareHeadToParentCold|dashboardRuns|seriesPageChanges|recentRuns)$' \
  -p commits=$commits -wi 2 -w 2 -i 3 -r 3 -rf json -rff /var/tmp/hgv/out/$label-$commits.json > /var/tmp/hgv/out/$label-$commits.log 2>&1
uptime >> /var/tmp/hgv/out/$label-$commits.load
cp target/explain-views-$commits.txt /var/tmp/hgv/out/$label-explain-$commits.txt 2>/dev/null
