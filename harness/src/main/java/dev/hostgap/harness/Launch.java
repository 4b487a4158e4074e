package dev.hostgap.harness;

import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

/**
 * A kernel launch with everything decided up front: the function, stream and parameter block
 * reduced to native addresses once, so the timed region is one JNI call with primitive arguments
 * ({@link DriverLaunch}).
 */
public final class Launch {

    private final long function;
    private final int gridX;
    private final int blockX;
    private final long stream;
    private final long params;
    private final KernelArgs args; // the block's owner (and its int slots), reachable while the launch is

    /** A 1-D launch of {@code gridX} blocks of {@code blockX} threads; {@code stream} null means the legacy default stream, {@code args} null no arguments. */
    public Launch(CUfunction function, int gridX, int blockX, CUstream stream, KernelArgs args) {
        this.function = KernelArgs.address(function);
        this.gridX = gridX;
        this.blockX = blockX;
        this.stream = stream == null ? 0 : KernelArgs.address(stream);
        this.params = args == null ? 0 : args.address();
        this.args = args;
    }

    /** One block of {@code block} threads per {@code block} elements, at least one block. */
    public static int blocksFor(int elements, int block) {
        return Math.max(1, (elements + block - 1) / block);
    }

    /** Enqueues the launch, without synchronizing; a driver error becomes a {@link jcuda.CudaException}. */
    public void enqueue() {
        DriverLaunch.launch(function, gridX, blockX, stream, params);
    }
}
