package dev.hostgap.workloads.fusion;

import java.util.concurrent.TimeUnit;

import dev.hostgap.harness.DeviceMemory;
import dev.hostgap.harness.KernelArgs;
import dev.hostgap.harness.Launch;
import dev.hostgap.workloads.GpuWorkload;
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

/**
 * {@code fusion}: k elementwise steps ({@code x = a*x + b}) over n floats, as k launches
 * ({@link #unfused}) or one launch that loops k times ({@link #fused}). One operation is all k
 * steps, enqueued back to back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class FusionBenchmark extends GpuWorkload {

    static final int BLOCK = 256;

    @Param({"1", "4", "20"})
    public int k;

    @Param({"4096", "1048576"})
    public int n;

    private CUdeviceptr x;
    private Launch step;
    private Launch fusedSteps;

    @Setup(Level.Trial)
    public void prepare() {
        x = DeviceMemory.allocate(4L * n);
        int grid = Launch.blocksFor(n, BLOCK);
        // a = 1, b = 0 keeps the data finite however long the benchmark runs
        step = new Launch(gpu.function("axpb_step"), grid, BLOCK, stream, new KernelArgs().pointer(x).i32(n).f32(1f).f32(0f));
        fusedSteps = new Launch(gpu.function("axpb_fused"), grid, BLOCK, stream,
                new KernelArgs().pointer(x).i32(n).i32(k).f32(1f).f32(0f));
    }

    @Benchmark
    public void unfused() {
        for (int s = 0; s < k; s++) {
            step.enqueue();
        }
    }

    @Benchmark
    public void fused() {
        fusedSteps.enqueue();
    }

    @Override
    protected void enqueueGpuWork(String method) {
        if (method.equals("fused")) {
            fused();
        } else {
            unfused();
        }
    }

    @Override
    protected int launchesPerOp(String method) {
        return method.equals("fused") ? 1 : k;
    }

    @Override
    protected void release() {
        DeviceMemory.free(x);
    }
}
