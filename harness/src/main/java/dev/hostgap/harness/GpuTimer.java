package dev.hostgap.harness;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import jcuda.driver.CUevent;
import jcuda.driver.CUstream;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

/**
 * GPU busy time per operation. The stream is first held by a spinning kernel; the operations are
 * enqueued between two events; then the host releases the stream. The GPU runs them back to back,
 * so the events measure GPU work without the host's gaps. With the host's wall time per operation
 * this gives the host-overhead fraction, 1 - GPU busy / wall.
 */
public final class GpuTimer implements AutoCloseable {

    /** Launches enqueued behind the hold in one batch: far below the driver's queue depth. */
    public static final int MAX_LAUNCHES_PER_BATCH = 256;
    /** About a second at Hopper clocks: a hold never outlives a slow host, and never deadlocks. */
    private static final long HOLD_TIMEOUT_CYCLES = 2_000_000_000L;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final CUstream stream;
    private final DeviceMemory.Pinned flag;
    private final Launch hold;
    private final CUevent start = new CUevent();
    private final CUevent stop = new CUevent();

    /** A timer for work enqueued on {@code stream} of {@code gpu}'s context (current on this thread). */
    public GpuTimer(Gpu gpu, CUstream stream) {
        this.stream = stream;
        this.flag = DeviceMemory.allocateMapped(4);
        this.hold = new Launch(gpu.timerKernel(), 1, 1, stream,
                new KernelArgs().pointer(flag.device()).i64(HOLD_TIMEOUT_CYCLES));
        cuEventCreate(start, 0);
        cuEventCreate(stop, 0);
    }

    /**
     * Median over {@code batches} of GPU microseconds per operation, where {@code enqueueOp}
     * enqueues one operation's device work on the timer's stream without synchronizing.
     */
    public double microsPerOp(Runnable enqueueOp, int launchesPerOp, int batches) {
        int opsPerBatch = Math.max(1, MAX_LAUNCHES_PER_BATCH / Math.max(1, launchesPerOp));
        double[] perOp = new double[batches];
        float[] ms = new float[1];
        for (int b = 0; b < batches; b++) {
            INT.setVolatile(flag.buffer(), 0, 0);
            hold.enqueue();
            cuEventRecord(start, stream);
            for (int i = 0; i < opsPerBatch; i++) {
                enqueueOp.run();
            }
            cuEventRecord(stop, stream);
            INT.setVolatile(flag.buffer(), 0, 1);
            cuEventSynchronize(stop);
            cuEventElapsedTime(ms, start, stop);
            perOp[b] = ms[0] * 1000.0 / opsPerBatch;
        }
        Arrays.sort(perOp);
        return perOp[batches / 2];
    }

    @Override
    public void close() {
        cuEventDestroy(start);
        cuEventDestroy(stop);
        flag.free();
    }
}
