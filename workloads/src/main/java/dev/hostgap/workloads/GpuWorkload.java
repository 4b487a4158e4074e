package dev.hostgap.workloads;

import dev.hostgap.harness.ForkGpuTime;
import dev.hostgap.harness.GpuTimer;
import dev.hostgap.workloads.cuda.Gpu;
import jcuda.driver.CUstream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What every workload's JMH state shares: a context, a stream and, after the measurement, one
 * GPU-busy-time sample for this fork. JMH measures the host time per operation; the GPU time
 * comes from {@link GpuTimer} and is recorded with {@link ForkGpuTime} in the file named by the
 * system property {@value #GPU_TIMES_PROPERTY}, which the runner joins with JMH's results per fork.
 */
public abstract class GpuWorkload {

    public static final String GPU_TIMES_PROPERTY = ForkGpuTime.PROPERTY;
    private static final int GPU_TIMER_BATCHES = 21;

    protected Gpu gpu;
    protected CUstream stream;

    @Setup(Level.Trial)
    public void openGpu() {
        gpu = Gpu.open(Integer.getInteger("hostgap.device", 0));
        stream = gpu.newStream();
    }

    /** Back-to-back workloads leave work queued; it must not spill into the next iteration. */
    @TearDown(Level.Iteration)
    public void drain() {
        Gpu.synchronize(stream);
    }

    @TearDown(Level.Trial)
    public void measureGpuTimeAndClose(BenchmarkParams params) {
        Gpu.synchronize(stream);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        int launches = launchesPerOp(method);
        double gpuMicros = 0;
        if (launches > 0) {
            try (GpuTimer timer = new GpuTimer(gpu.context(), stream)) {
                gpuMicros = timer.microsPerOp(() -> enqueueGpuWork(method), launches, GPU_TIMER_BATCHES);
            }
        }
        ForkGpuTime.record(params, gpuMicros);
        release();
        gpu.close();
    }

    /** Enqueues one operation's device work on {@link #stream}, without synchronizing. */
    protected abstract void enqueueGpuWork(String method);

    /** Kernel launches (or graph launches) per operation of this method; 0 when it uses no GPU. */
    protected abstract int launchesPerOp(String method);

    /** Frees what the workload allocated; the context is destroyed after this. */
    protected abstract void release();
}
