#!/usr/bin/env bash
# On the build machine: packs what the GPU-side scripts need that the GPU machine (no Maven, no Java)
# cannot build, into .gpu/ (git-ignored; the device tool carries it):
#   .gpu/gpu-tests.tar.gz   the test classes of harness/, workloads/ and runners/ with the sources and
#                           binaries their tests hash, the JUnit console launcher and AssertJ, and the
#                           example's thin jar (examples/kernel-chain: its benchmark and BenchmarkList)
#   .gpu/hostgap-runner.jar the runner's shaded jar: harness, workloads, JCuda and its natives, JMH
#   .gpu/runtime.tar.xz     a jlink'd Java 17 runtime (the runner bundle's modules), xz-compressed
# The launcher comes from the local Maven repository:
#   mvn dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:6.0.3
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
(cd "$root" && mvn -B -q -o -pl runners,examples/kernel-chain -am package -DskipTests)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
t="$stage/gpu-tests"
mkdir -p "$t"
cp "$repo"/org/junit/platform/junit-platform-console-standalone/6.0.3/junit-platform-console-standalone-6.0.3.jar "$t/"
cp "$repo"/org/assertj/assertj-core/3.27.7/assertj-core-3.27.7.jar "$t/"
# each module keeps its layout: the tests read src/main/... relative to the module's directory
for module in harness workloads runners; do
  mkdir -p "$t/$module/src/main"
  cp -r "$root/$module/target/test-classes" "$t/$module/"
  for part in c cuda resources; do
    [ -d "$root/$module/src/main/$part" ] && cp -r "$root/$module/src/main/$part" "$t/$module/src/main/"
  done
done
cp "$root"/examples/kernel-chain/target/kernel-chain-*.jar "$t/kernel-chain-thin.jar"
mkdir -p "$root/.gpu"
tar czf "$root/.gpu/gpu-tests.tar.gz" -C "$stage" gpu-tests
cp "$root"/runners/target/hostgap-runner-*-all.jar "$root/.gpu/hostgap-runner.jar"
rm -rf "$stage/rt"
jlink --add-modules java.base,java.logging,java.management,jdk.management,java.net.http,java.xml,jdk.unsupported,jdk.crypto.ec,java.security.jgss,java.sql,java.naming \
      --strip-debug --no-header-files --no-man-pages --output "$stage/rt"
tar -cf - -C "$stage" rt | xz -9 > "$root/.gpu/runtime.tar.xz"
ls -l "$root/.gpu/gpu-tests.tar.gz" "$root/.gpu/hostgap-runner.jar" "$root/.gpu/runtime.tar.xz"
