package dev.hostgap.workloads.launch;

import java.util.concurrent.TimeUnit;

import dev.hostgap.harness.DeviceMemory;
import dev.hostgap.harness.KernelArgs;
import dev.hostgap.harness.Launch;
import dev.hostgap.workloads.GpuWorkload;
import dev.hostgap.workloads.cuda.Gpu;
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
 * {@code launch}: the cost of one {@code cuLaunchKernel} of an empty kernel, by argument count.
 * {@link #enqueue} launches back to back (host enqueue time per launch); {@link #launchAndSync}
 * adds a stream synchronize (the round trip a decode step pays when it waits for its result).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class LaunchBenchmark extends GpuWorkload {

    @Param({"0", "4", "16"})
    public int args;

    private Launch launch;
    private CUdeviceptr buffer;

    @Setup(Level.Trial)
    public void prepare() {
        buffer = DeviceMemory.allocate(4096);
        launch = new Launch(gpu.function("empty_args" + args), 1, 32, stream, arguments(args, buffer));
    }

    static KernelArgs arguments(int count, CUdeviceptr buffer) {
        KernelArgs a = new KernelArgs();
        switch (count) {
            case 0 -> { }
            case 4 -> a.pointer(buffer).pointer(buffer).i32(1024).f32(2f);
            case 16 -> {
                for (int i = 0; i < 8; i++) {
                    a.pointer(buffer);
                }
                a.i32(1).i32(2).i32(3).i32(4).f32(1f).f32(2f).f32(3f).f32(4f);
            }
            default -> throw new IllegalArgumentException("no empty kernel with " + count + " arguments");
        }
        return a;
    }

    @Benchmark
    public void enqueue() {
        launch.enqueue();
    }

    @Benchmark
    public void launchAndSync() {
        launch.enqueue();
        Gpu.synchronize(stream);
    }

    @Override
    protected void enqueueGpuWork(String method) {
        launch.enqueue();
    }

    @Override
    protected int launchesPerOp(String method) {
        return 1;
    }

    @Override
    protected void release() {
        DeviceMemory.free(buffer);
    }
}
