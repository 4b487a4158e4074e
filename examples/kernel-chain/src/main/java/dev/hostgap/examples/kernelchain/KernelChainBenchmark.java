package dev.hostgap.examples.kernelchain;

import java.util.concurrent.TimeUnit;

import dev.hostgap.harness.DeviceMemory;
import dev.hostgap.harness.ForkGpuTime;
import dev.hostgap.harness.Gpu;
import dev.hostgap.harness.GpuModule;
import dev.hostgap.harness.GpuTimer;
import dev.hostgap.harness.KernelArgs;
import dev.hostgap.harness.KernelImage;
import dev.hostgap.harness.Launch;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * x = clamp(x * a + b, 0, 1) over n floats, as three kernels launched back to back
 * ({@link #threeKernels}) or as one fused kernel ({@link #fusedKernel}, the baseline). JMH measures
 * the host time per operation; at the end of each fork {@link GpuTimer} measures the GPU-busy time
 * of the same operation, and {@link ForkGpuTime} records it for the launcher.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class KernelChainBenchmark {

    static final KernelImage KERNELS = KernelImage.fromResource(KernelChainBenchmark.class,
            "/dev/hostgap/examples/kernelchain/kernel_chain.fatbin");
    private static final int BLOCK = 256;
    private static final int TIMER_BATCHES = 21;

    @Param({"4096", "1048576"})
    public int n;

    private Gpu gpu;
    private CUstream stream;
    private CUdeviceptr x;
    private Launch scale;
    private Launch offset;
    private Launch clamp;
    private Launch fused;

    @Setup(Level.Trial)
    public void prepare() {
        gpu = Gpu.open(Integer.getInteger("hostgap.device", 0));
        GpuModule kernels = gpu.load(KERNELS);
        stream = gpu.newStream();
        x = DeviceMemory.allocate(4L * n);
        int grid = Launch.blocksFor(n, BLOCK);
        scale = new Launch(kernels.function("scale"), grid, BLOCK, stream, new KernelArgs().pointer(x).i32(n).f32(0.5f));
        offset = new Launch(kernels.function("offset"), grid, BLOCK, stream, new KernelArgs().pointer(x).i32(n).f32(0.25f));
        clamp = new Launch(kernels.function("clamp01"), grid, BLOCK, stream, new KernelArgs().pointer(x).i32(n));
        fused = new Launch(kernels.function("scale_offset_clamp01"), grid, BLOCK, stream,
                new KernelArgs().pointer(x).i32(n).f32(0.5f).f32(0.25f));
    }

    @Benchmark
    public void threeKernels() {
        scale.enqueue();
        offset.enqueue();
        clamp.enqueue();
    }

    @Benchmark
    public void fusedKernel() {
        fused.enqueue();
    }

    /** Launches left queued must not spill into the next iteration. */
    @TearDown(Level.Iteration)
    public void drain() {
        Gpu.synchronize(stream);
    }

    @TearDown(Level.Trial)
    public void measureGpuTimeAndClose(BenchmarkParams params) {
        Gpu.synchronize(stream);
        boolean three = params.getBenchmark().endsWith(".threeKernels");
        try (GpuTimer timer = new GpuTimer(gpu, stream)) {
            double gpuMicros = three ? timer.microsPerOp(this::threeKernels, 3, TIMER_BATCHES)
                    : timer.microsPerOp(this::fusedKernel, 1, TIMER_BATCHES);
            ForkGpuTime.record(params, gpuMicros);
        }
        DeviceMemory.free(x);
        gpu.close();
    }
}
