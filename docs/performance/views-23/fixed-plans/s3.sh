#!/bin/bash
# s3.sh <tree> <label>: every page call, one client, at 50, 500, 700 and 5000 commits (kept databases, no extensions);
# then the first call after a restart at 700 and 5000
tree=$1; label=$2
all='ViewsBenchmark.(baselineHealth|projects|commits200|commits1000|compareHeadToParent|compareHeadToParentCold|compareHeadToParentUnstored|commitVerdict|seriesDefaultWindow|seriesOlderWindow|seriesFullHistory|regressionsOpen|regressionsAllKinds|regressionsPage|runDetail|jobs|recentRuns|dashboardRuns|seriesPageChanges|regressionDetail|seriesChoices|changesInbox|newestOpenChange|seriesIndex|seriesIndexSearch|compareSamples|commitTraces|calibrations|thresholds)$'
export DBROOT=/var/tmp/hgv/dbafter
export JMHOPTS="-wi 1 -w 2 -i 2 -r 3"
for c in 50 500 700 5000; do
  /var/tmp/hgv/jmh1.sh $tree $c $label "$all"
done
export JMHOPTS=" "
for c in 700 5000; do
  /var/tmp/hgv/jmh1.sh $tree $c $label-first 'FirstCallBenchmark'
done
