#!/bin/bash
# jmh1.sh <tree> <commits> <label> <regex> [extra jmh args]
tree=$1; commits=$2; label=$3; regex=$4; shift 4
cd $tree/platform
export HOSTGAP_BENCH_DB=${DBROOT:-/var/tmp/hgv/db}
uptime > /var/tmp/hgv/out/$label-$commits.load
java -Djmh.ignoreLock=true -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main -jvmArgsAppend -Djmh.ignoreLock=true \
  "$regex" -p commits=$commits ${JMHOPTS:--wi 2 -w 2 -i 3 -r 3} "$@" -rf json -rff /var/tmp/hgv/out/$label-$commits.json > /var/tmp/hgv/out/$label-$commits.log 2>&1
echo "exit $?" >> /var/tmp/hgv/out/$label-$commits.log
uptime >> /var/tmp/hgv/out/$label-$commits.load
cp target/explain-views-$commits.txt /var/tmp/hgv/out/$label-explain-$commits.txt 2>/dev/null
