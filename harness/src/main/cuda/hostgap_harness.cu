// The harness's own kernels: only what GpuTimer needs. A benchmark's kernels live in its own module.
// Built into src/main/resources/dev/hostgap/harness/kernels by harness/build-kernels.sh.
extern "C" {

// Holds the stream until the host writes a non-zero flag (mapped, page-locked host memory), so
// the launches enqueued behind it run back to back on the GPU. Gives up after timeout_cycles.
__global__ void hold_until_released(volatile int* flag, long long timeout_cycles) {
    long long start = clock64();
    while (*flag == 0 && clock64() - start < timeout_cycles) {
    }
}

}
