#!/bin/bash
export DBROOT=/var/tmp/hgv/dbafter
for c in 700 5000; do
  /var/tmp/hgv/jmh1.sh /var/tmp/hgb/after2 $c final 'ViewsBenchmark.(baselineHealth|compareHeadToParent|compareHeadToParentCold|compareHeadToParentUnstored)$'
done
