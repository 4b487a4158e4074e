package dev.hostgap.harness;

import jcuda.CudaException;
import jcuda.driver.CUresult;

/**
 * {@code cuLaunchKernel} through hostgap's own JNI library (harness/src/main/c/hostgap_launch.c): the
 * handles and the parameter block are plain addresses prepared once, so a timed launch is one JNI
 * call with primitive arguments. JCuda's {@code cuLaunchKernel} first marshals its {@code Pointer}
 * objects in native code, which added 0.4–1 µs to each launch with arguments on an H200 against
 * the same driver call from C (docs/gpu-results.md) — host overhead the harness must not add.
 * The library ships for linux x86_64 and aarch64 and links the driver's libcuda.so.1, the one JCuda
 * has loaded. The class loads it when first used: a JVM that never launches (the runner's parent
 * process, tests without a GPU) never needs it. Benchmarks call {@link Launch}; this raw call is
 * public for launch-cost probes that prepare their own addresses ({@link KernelArgs#address(jcuda.NativePointerObject)}).
 */
public final class DriverLaunch {

    /** Why the library did not load (null when it did): every launch says so, not only the first. */
    private static final UnsatisfiedLinkError UNAVAILABLE = loadLibrary();

    private DriverLaunch() {
    }

    /** A 1-D grid on {@code stream} (0: the legacy default stream); {@code params} is a {@code void**} or 0. */
    public static void launch(long function, int gridX, int blockX, long stream, long params) {
        if (UNAVAILABLE != null) {
            throw new UnsatisfiedLinkError(UNAVAILABLE.getMessage());
        }
        int result = launch0(function, gridX, blockX, stream, params);
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException("cuLaunchKernel: " + CUresult.stringFor(result));
        }
    }

    private static native int launch0(long function, int gridX, int blockX, long stream, long params);

    private static UnsatisfiedLinkError loadLibrary() {
        try {
            LaunchLibrary.load(LaunchLibrary.resourceFor(System.getProperty("os.name"), System.getProperty("os.arch")));
            return null;
        } catch (UnsatisfiedLinkError e) {
            return e;
        }
    }
}
