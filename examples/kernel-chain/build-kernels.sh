#!/usr/bin/env bash
# Regenerates the example's kernel binary from src/main/cuda/kernel_chain.cu and records the
# source hash beside it (a test checks the two agree). Needs nvcc; commit both outputs.
# SASS for sm_80 (A100) and sm_90 (H100/H200) plus compute_90 PTX for newer GPUs. Binaries from
# CUDA 13.0 need an R580 or newer driver; for an older one: NVCC=/usr/local/cuda-12.4/bin/nvcc ./build-kernels.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
src="$here/src/main/cuda/kernel_chain.cu"
out="$here/src/main/resources/dev/hostgap/examples/kernelchain"
mkdir -p "$out"
"$nvcc" -fatbin -O3 \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 \
  -o "$out/kernel_chain.fatbin" "$src"
sha256sum "$src" | cut -d' ' -f1 > "$out/kernel_chain.cu.sha256"
"$nvcc" --version | tail -1 > "$out/kernel_chain.nvcc-version"
echo "wrote $out/kernel_chain.fatbin ($(stat -c %s "$out/kernel_chain.fatbin") bytes)"
