#!/bin/bash
# s2.sh: every page call on this session's code, one client; 700 and 5000 commits with pg_stat_statements loaded
all='ViewsBenchmark.(baselineHealth|projects|commits200|commits1000|compareHeadToParent|compareHeadToParentCold|compareHeadToParentUnstored|commitVerdict|seriesDefaultWindow|seriesOlderWindow|seriesFullHistory|regressionsOpen|regressionsAllKinds|regressionsPage|runDetail|jobs|recentRuns|dashboardRuns|seriesPageChanges|regressionDetail|seriesChoices|changesInbox|newestOpenChange|seriesIndex|seriesIndexSearch|compareSamples|commitTraces|calibrations|thresholds)$'
export JMHOPTS="-wi 1 -w 2 -i 2 -r 3"
DBROOT=/var/tmp/hgv/dbstat /var/tmp/hgv/jmh1.sh /var/tmp/hgb/si2 5000 s2 "$all"
DBROOT=/var/tmp/hgv/dbstat /var/tmp/hgv/jmh1.sh /var/tmp/hgb/si2 700 s2 "$all"
DBROOT=/var/tmp/hgv/dbafter /var/tmp/hgv/jmh1.sh /var/tmp/hgb/si2 50 s2 "$all"
