#!/usr/bin/env bash
# On the build machine: packs the workloads' tests for a GPU machine without Maven or Java into
# .gpu/gpu-tests.tar.gz — the compiled test classes, the JUnit console launcher and AssertJ (from the
# local Maven repository; `mvn dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:6.0.3`
# fetches the launcher) and the sources and binaries the tests hash. The bundle's runtime runs them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
(cd "$root" && mvn -B -q -o -pl workloads -am test-compile)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
t="$stage/gpu-tests"
mkdir -p "$t/src/main"
cp "$repo"/org/junit/platform/junit-platform-console-standalone/6.0.3/junit-platform-console-standalone-6.0.3.jar "$t/"
cp "$repo"/org/assertj/assertj-core/3.27.7/assertj-core-3.27.7.jar "$t/"
cp -r "$root/workloads/target/test-classes" "$t/"
cp -r "$root/workloads/src/main/c" "$root/workloads/src/main/cuda" "$root/workloads/src/main/resources" "$t/src/main/"
mkdir -p "$root/.gpu"
tar czf "$root/.gpu/gpu-tests.tar.gz" -C "$stage" gpu-tests
echo "wrote $root/.gpu/gpu-tests.tar.gz"
