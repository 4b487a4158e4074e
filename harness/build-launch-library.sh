#!/usr/bin/env bash
# Regenerates the JNI launch library (src/main/c/hostgap_launch.c) for linux x86_64 and aarch64,
# and records the source hash and compilers beside the binaries. Needs gcc, the aarch64 cross
# compiler (Debian: apt-get install gcc-aarch64-linux-gnu) and a JDK 17 (for jni.h); no CUDA
# toolkit: it links against a stub with the driver's soname, libcuda.so.1, built here for the purpose.
# Commit the outputs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/c/hostgap_launch.c"
out="$here/src/main/resources/dev/hostgap/harness/native"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
stub=$(mktemp -d)
trap 'rm -rf "$stub"' EXIT
echo 'int cuLaunchKernel(void) { return 0; }' > "$stub/cuda_stub.c"
build() { # compiler, folder (os.name-os.arch as the JVM spells them)
  mkdir -p "$stub/$2" "$out/$2"
  "$1" -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$stub/$2/libcuda.so" "$stub/cuda_stub.c"
  "$1" -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -I"$jdk/include" -I"$jdk/include/linux" \
      -Wl,-z,noexecstack -Wl,--build-id=none -s -o "$out/$2/libhostgap_launch.so" "$src" -L"$stub/$2" -lcuda
  echo "$2: $("$1" --version | head -1)" >> "$out/hostgap_launch.compilers"
  echo "wrote $out/$2/libhostgap_launch.so ($(stat -c %s "$out/$2/libhostgap_launch.so") bytes)"
}
rm -f "$out/hostgap_launch.compilers"
build gcc linux-amd64
build aarch64-linux-gnu-gcc linux-aarch64
sha256sum "$src" | cut -d' ' -f1 > "$out/hostgap_launch.c.sha256"
