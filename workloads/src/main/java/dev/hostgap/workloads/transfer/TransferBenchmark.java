package dev.hostgap.workloads.transfer;

import java.nio.IntBuffer;
import java.util.concurrent.TimeUnit;

import dev.hostgap.harness.DeviceMemory;
import dev.hostgap.harness.KernelArgs;
import dev.hostgap.harness.Launch;
import dev.hostgap.workloads.GpuWorkload;
import dev.hostgap.workloads.cuda.Gpu;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

/**
 * {@code transfer}: the positions a decode step needs for a batch of B sequences, built on the
 * host and copied from pageable or pinned memory, or built on the device by a kernel; then
 * consumed by a kernel, and synchronized (the step needs them now). One operation is one step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class TransferBenchmark extends GpuWorkload {

    static final int BLOCK = 256;

    @Param({"1", "256", "4096"})
    public int batch;

    @Param({"pageable", "pinned", "device"})
    public String mode;

    private CUdeviceptr positions;
    private CUdeviceptr out;
    private int[] pageable;
    private DeviceMemory.Pinned pinned;
    private IntBuffer pinnedInts;
    private KernelArgs.IntSlot offsetSlot;
    private Launch arange;
    private Launch consume;
    private int step;

    @Setup(Level.Trial)
    public void prepare() {
        positions = DeviceMemory.allocate(4L * batch);
        out = DeviceMemory.allocate(4L * batch);
        pageable = new int[batch];
        pinned = DeviceMemory.allocatePinned(4L * batch);
        pinnedInts = pinned.buffer().asIntBuffer();
        offsetSlot = new KernelArgs.IntSlot(0);
        int grid = Launch.blocksFor(batch, BLOCK);
        arange = new Launch(gpu.function("arange_positions"), grid, BLOCK, stream,
                new KernelArgs().pointer(positions).i32(batch).i32(offsetSlot));
        consume = new Launch(gpu.function("consume_positions"), grid, BLOCK, stream,
                new KernelArgs().pointer(positions).i32(batch).pointer(out));
    }

    @Benchmark
    public void positions() {
        int offset = ++step;
        switch (mode) {
            case "pageable" -> {
                for (int i = 0; i < batch; i++) {
                    pageable[i] = offset + i;
                }
                cuMemcpyHtoD(positions, Pointer.to(pageable), 4L * batch);
            }
            case "pinned" -> {
                for (int i = 0; i < batch; i++) {
                    pinnedInts.put(i, offset + i);
                }
                cuMemcpyHtoDAsync(positions, pinned.host(), 4L * batch, stream);
            }
            default -> {
                offsetSlot.set(offset);
                arange.enqueue();
            }
        }
        consume.enqueue();
        Gpu.synchronize(stream);
    }

    /** Device work of one step; host-built positions are timed as a pinned async copy. */
    @Override
    protected void enqueueGpuWork(String method) {
        if (mode.equals("device")) {
            arange.enqueue();
        } else {
            cuMemcpyHtoDAsync(positions, pinned.host(), 4L * batch, stream);
        }
        consume.enqueue();
    }

    @Override
    protected int launchesPerOp(String method) {
        return 2;
    }

    @Override
    protected void release() {
        pinned.free();
        DeviceMemory.free(positions);
        DeviceMemory.free(out);
    }
}
