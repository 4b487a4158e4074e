// Kernels of the hostgap workloads. Deliberately tiny: every workload measures what the host
// spends around them, so the GPU side must cost as little as possible.
// Rebuild the shipped binary with workloads/build-kernels.sh after any change here
// (a test fails when this file's hash and the recorded one differ).

extern "C" {

// ---- launch: empty kernels with 0, 4 and 16 arguments --------------------------------------
__global__ void empty_args0() {}

__global__ void empty_args4(const float* a, float* b, int n, float s) {}

__global__ void empty_args16(const float* a0, const float* a1, const float* a2, const float* a3,
                             float* b0, float* b1, float* b2, float* b3,
                             int n0, int n1, int n2, int n3, float s0, float s1, float s2, float s3) {}

// ---- fusion and graph: one elementwise step, and k steps fused into one pass ----------------
__global__ void axpb_step(float* x, int n, float a, float b) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = x[i] * a + b;
}

__global__ void axpb_fused(float* x, int n, int k, float a, float b) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float v = x[i];
        for (int s = 0; s < k; s++) v = v * a + b;
        x[i] = v;
    }
}

// ---- transfer: positions for a batch, built on the host and copied, or built on the device ---
__global__ void arange_positions(int* pos, int count, int offset) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) pos[i] = offset + i;
}

__global__ void consume_positions(const int* pos, int count, float* out) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) out[i] = 0.5f * (float) pos[i];
}

// ---- read-back: a value the host needs, reduced on the device (one block) --------------------
__global__ void sum_reduce(const float* x, int n, float* out) {
    __shared__ float partial[256];
    float v = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) v += x[i];
    partial[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
        __syncthreads();
    }
    if (threadIdx.x == 0) *out = partial[0];
}

// ---- measurement: holds the stream until the host releases it --------------------------------
// The host enqueues this, then the operations to time between two events, then writes 1 to the
// flag (mapped pinned memory). The GPU then runs the operations back to back with no host gaps,
// so the events measure GPU busy time alone. The timeout keeps a full launch queue from
// deadlocking the host against a spinning GPU.
__global__ void hold_until_released(volatile int* flag, long long timeout_cycles) {
    long long start = clock64();
    while (*flag == 0 && clock64() - start < timeout_cycles) {
    }
}

}
