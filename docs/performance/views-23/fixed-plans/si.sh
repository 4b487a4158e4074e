#!/bin/bash
export JMHOPTS="-wi 1 -w 2 -i 2 -r 3"
export DBROOT=/var/tmp/hgv/dbafter
for c in 50 500 700 5000; do
  /var/tmp/hgv/jmh1.sh /var/tmp/hgb/si $c si 'ViewsBenchmark.(seriesIndex|seriesIndexSearch)$'
done
