// Native driver-API reference for the cost of one empty-kernel launch, by how its parameters are
// passed: the call JCuda makes (cuLaunchKernel), on the kernels the project ships
// (hostgap_kernels.fatbin), in the same modes and with the same timing as
// dev.hostgap.workloads.cuda.LaunchCostProbe, so the two can be read side by side. One JSON line
// per measurement:
//   {"impl":"native-driver","mode":"pinned/args4","op":"enqueue","round":0,"us":3.4}
// Build and run on the GPU node:
//   nvcc -O2 -o hostgap-driver-launch hostgap_driver_launch.cu -lcuda
//   ./hostgap-driver-launch path/to/hostgap_kernels.fatbin [rounds] [iteration-ms]
#include <cuda.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call) do { CUresult r = (call); if (r != CUDA_SUCCESS) { const char* s; cuGetErrorString(r, &s); \
    fprintf(stderr, "%s:%d %s\n", __FILE__, __LINE__, s); exit(1); } } while (0)

static CUstream stream;

// Mean microseconds per op over 5 iterations after 3 warm-up ones, the clock read every op.
template <typename Op>
static double measure(Op op, bool sync, long iterationMs) {
    double sum = 0;
    for (int it = 0; it < 8; it++) {
        long ops = 0;
        auto start = std::chrono::steady_clock::now();
        auto end = start + std::chrono::milliseconds(iterationMs);
        auto now = start;
        while (now < end) {
            op();
            if (sync) CHECK(cuStreamSynchronize(stream));
            ops++;
            now = std::chrono::steady_clock::now();
        }
        CHECK(cuStreamSynchronize(stream));
        if (it >= 3) sum += std::chrono::duration<double, std::micro>(now - start).count() / ops;
    }
    return sum / 5;
}

static std::vector<char> readFile(const char* path) {
    FILE* f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot read %s\n", path); exit(1); }
    std::vector<char> data;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) data.insert(data.end(), chunk, chunk + n);
    fclose(f);
    return data;
}

int main(int argc, char** argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s hostgap_kernels.fatbin [rounds] [iteration-ms]\n", argv[0]); return 2; }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    long iterationMs = argc > 3 ? atol(argv[3]) : 150;
    CHECK(cuInit(0));
    CUdevice device;
    CUcontext context;
    CUmodule module;
    CUfunction args0, args4;
    CHECK(cuDeviceGet(&device, 0));
    // the primary context: cuCtxCreate's signature differs between CUDA 12 and 13 headers
    CHECK(cuDevicePrimaryCtxRetain(&context, device));
    CHECK(cuCtxSetCurrent(context));
    std::vector<char> image = readFile(argv[1]);
    CHECK(cuModuleLoadData(&module, image.data()));
    CHECK(cuModuleGetFunction(&args0, module, "empty_args0"));
    CHECK(cuModuleGetFunction(&args4, module, "empty_args4"));
    CHECK(cuStreamCreate(&stream, CU_STREAM_DEFAULT));
    CUdeviceptr buffer;
    CHECK(cuMemAlloc(&buffer, 4096));

    // the parameter block as KernelArgs builds it: void*[4] then the values, in page-locked memory
    void* pinned;
    CHECK(cuMemAllocHost(&pinned, 64));
    void** pinnedParams = (void**) pinned;
    char* pinnedValues = (char*) pinned + 32;
    *(CUdeviceptr*) (pinnedValues + 0) = buffer;
    *(CUdeviceptr*) (pinnedValues + 8) = buffer;
    *(int*) (pinnedValues + 16) = 1024;
    *(float*) (pinnedValues + 24) = 2.0f;
    for (int i = 0; i < 4; i++) pinnedParams[i] = pinnedValues + 8 * i;
    // the same block in ordinary (pageable) memory
    CUdeviceptr a = buffer, b = buffer;
    int n = 1024;
    float s = 2.0f;
    void* pageableParams[] = {&a, &b, &n, &s};

    struct Mode { const char* name; CUfunction f; void** params; };
    Mode modes[] = {
        {"no-params/args0", args0, nullptr},
        {"block/args4", args4, pinnedParams},
        {"block/args0", args0, pinnedParams},
        {"pageable/args4", args4, pageableParams},
    };
    for (int round = 0; round < rounds; round++) {
        for (const Mode& m : modes) {
            auto launch = [&] { CHECK(cuLaunchKernel(m.f, 1, 1, 1, 32, 1, 1, 0, stream, m.params, nullptr)); };
            printf("{\"impl\":\"native-driver\",\"mode\":\"%s\",\"op\":\"enqueue\",\"round\":%d,\"us\":%.4f}\n",
                   m.name, round, measure(launch, false, iterationMs));
            printf("{\"impl\":\"native-driver\",\"mode\":\"%s\",\"op\":\"launch_sync\",\"round\":%d,\"us\":%.4f}\n",
                   m.name, round, measure(launch, true, iterationMs));
            fflush(stdout);
        }
    }
    CHECK(cuMemFreeHost(pinned));
    CHECK(cuMemFree(buffer));
    CHECK(cuModuleUnload(module));
    CHECK(cuDevicePrimaryCtxRelease(device));
    return 0;
}
