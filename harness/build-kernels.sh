#!/usr/bin/env bash
# Regenerates the kernel binary GpuTimer loads, and records the source hash beside it.
# Needs nvcc (CUDA 13.0 here). Run from anywhere; commit both outputs.
#
# The fatbin holds SASS for sm_80 (A100) and sm_90 (H100/H200) plus compute_90 PTX, which newer
# GPUs JIT-compile. Binaries from CUDA 13.0 need an R580 or newer driver; for an older driver,
# rebuild with that driver's toolkit: NVCC=/usr/local/cuda-12.4/bin/nvcc harness/build-kernels.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
src="$here/src/main/cuda/hostgap_harness.cu"
out="$here/src/main/resources/dev/hostgap/harness/kernels"
mkdir -p "$out"
"$nvcc" -fatbin -O3 \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 \
  -o "$out/hostgap_harness.fatbin" "$src"
sha256sum "$src" | cut -d' ' -f1 > "$out/hostgap_harness.cu.sha256"
"$nvcc" --version | tail -1 > "$out/hostgap_harness.nvcc-version"
echo "wrote $out/hostgap_harness.fatbin ($(stat -c %s "$out/hostgap_harness.fatbin") bytes)"
