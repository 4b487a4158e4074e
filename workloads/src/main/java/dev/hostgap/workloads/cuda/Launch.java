package dev.hostgap.workloads.cuda;

import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

/** A kernel launch with everything decided up front: the timed region is one JNI call. */
public final class Launch {

    private final CUfunction function;
    private final int gridX;
    private final int blockX;
    private final CUstream stream;
    private final Pointer params;

    public Launch(CUfunction function, int gridX, int blockX, CUstream stream, KernelArgs args) {
        this.function = function;
        this.gridX = gridX;
        this.blockX = blockX;
        this.stream = stream;
        this.params = args == null ? null : args.build();
    }

    /** One block of {@code block} threads per {@code block} elements, at least one block. */
    public static int blocksFor(int elements, int block) {
        return Math.max(1, (elements + block - 1) / block);
    }

    public void enqueue() {
        cuLaunchKernel(function, gridX, 1, 1, blockX, 1, 1, 0, stream, params, null);
    }
}
