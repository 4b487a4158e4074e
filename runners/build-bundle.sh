#!/usr/bin/env bash
# Builds the self-contained runner bundle: a jlink'd Java runtime, the runner jar (JMH, JCuda and
# its natives inside) and a launcher, as runners/target/hostgap-runner-bundle.tar.gz.
# Needs only the JDK 17 and Maven of the build machine; the GPU node needs neither.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl runners -am package -DskipTests
target="$root/runners/target"
bundle="$target/bundle/hostgap-runner"
rm -rf "$target/bundle"
mkdir -p "$bundle/bin" "$bundle/lib"
# modules from `jdeps --print-module-deps` of the runner jar, plus XML (nvidia-smi), logging and TLS;
# java.desktop is left out: only optional Jackson and unused commons-math code use it. JGit (the
# agent's checkouts) needs java.security.jgss for its HTTP auth methods and java.sql for a timestamp type
jlink --add-modules java.base,java.logging,java.management,java.net.http,java.xml,jdk.unsupported,jdk.crypto.ec,java.security.jgss,java.sql \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/runtime"
cp "$target"/hostgap-runner-*-all.jar "$bundle/lib/hostgap-runner.jar"
cat > "$bundle/bin/hostgap-runner" <<'LAUNCHER'
#!/usr/bin/env sh
# hostgap-runner launcher: the bundled Java runtime runs the runner; JMH forks use the same runtime.
here="$(cd "$(dirname "$0")/.." && pwd)"
exec "$here/runtime/bin/java" ${HOSTGAP_RUNNER_JAVA_OPTS:-} -jar "$here/lib/hostgap-runner.jar" "$@"
LAUNCHER
chmod +x "$bundle/bin/hostgap-runner"
tar -czf "$target/hostgap-runner-bundle.tar.gz" -C "$target/bundle" hostgap-runner
ls -l "$target/hostgap-runner-bundle.tar.gz"
