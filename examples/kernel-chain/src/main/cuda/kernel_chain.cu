// Three tiny element-wise steps over n floats, x = clamp(x * a + b, 0, 1), as three kernels and as
// one fused kernel. The clamp keeps the data finite however long the benchmark runs.
// Built into src/main/resources/dev/hostgap/examples/kernelchain by build-kernels.sh.
extern "C" {

__global__ void scale(float* x, int n, float a) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] *= a;
}

__global__ void offset(float* x, int n, float b) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] += b;
}

__global__ void clamp01(float* x, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = fminf(fmaxf(x[i], 0.0f), 1.0f);
}

__global__ void scale_offset_clamp01(float* x, int n, float a, float b) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = fminf(fmaxf(x[i] * a + b, 0.0f), 1.0f);
}

}
