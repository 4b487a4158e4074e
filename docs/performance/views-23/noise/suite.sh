#!/bin/bash
# suite.sh: every page call, after, at 700 and 5000 commits, 1 then 8 clients
all='ViewsBenchmark.(baselineHealth|projects|commits200|commits1000|compareHeadToParent|compareHeadToParentCold|compareHeadToParentUnstored|commitVerdict|seriesDefaultWindow|seriesOlderWindow|seriesFullHistory|regressionsOpen|regressionsAllKinds|regressionsPage|runDetail|jobs|recentRuns|dashboardRuns|seriesPageChanges|regressionDetail|seriesChoices|changesInbox|newestOpenChange|seriesIndex|seriesIndexSearch|compareSamples|commitTraces|calibrations|thresholds)$'
export JMHOPTS="-wi 1 -w 2 -i 2 -r 3"
export DBROOT=/var/tmp/hgv/dbafter
for c in 700 5000; do
  /var/tmp/hgv/jmh1.sh /var/tmp/hgb/after $c all1 "$all"
  /var/tmp/hgv/jmh1.sh /var/tmp/hgb/after $c all8 "$all" -t 8
done
