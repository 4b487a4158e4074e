#!/bin/bash
# quiet.sh: every page call on the final code, one client, at 50, 500 and 700 commits
all='ViewsBenchmark.(baselineHealth|projects|commits200|commits1000|compareHeadToParent|compareHeadToParentCold|compareHeadToParentUnstored|commitVerdict|seriesDefaultWindow|seriesOlderWindow|seriesFullHistory|regressionsOpen|regressionsAllKinds|regressionsPage|runDetail|jobs|recentRuns|dashboardRuns|seriesPageChanges|regressionDetail|seriesChoices|changesInbox|newestOpenChange|seriesIndex|seriesIndexSearch|compareSamples|commitTraces|calibrations|thresholds)$'
export JMHOPTS="-wi 1 -w 2 -i 2 -r 3"
export DBROOT=/var/tmp/hgv/dbafter
for c in 50 500 700; do
  /var/tmp/hgv/jmh1.sh /var/tmp/hgb/after2 $c quiet1 "$all"
done
