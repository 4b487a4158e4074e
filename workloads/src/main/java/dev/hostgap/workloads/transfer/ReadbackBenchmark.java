package dev.hostgap.workloads.transfer;

import java.util.concurrent.TimeUnit;

import dev.hostgap.harness.DeviceMemory;
import dev.hostgap.harness.KernelArgs;
import dev.hostgap.harness.Launch;
import dev.hostgap.workloads.GpuWorkload;
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

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

/**
 * {@code transfer} read-back: a value the host needs (the sum of n floats), reduced on the device
 * and copied back, which forces a synchronization ({@link #deviceReadback}), versus computed on
 * the host from a host copy of the data ({@link #hostCompute}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class ReadbackBenchmark extends GpuWorkload {

    @Param({"256", "4096"})
    public int n;

    private float[] host;
    private final float[] result = new float[1];
    private CUdeviceptr x;
    private CUdeviceptr sum;
    private Launch reduce;

    @Setup(Level.Trial)
    public void prepare() {
        host = new float[n];
        for (int i = 0; i < n; i++) {
            host[i] = (i % 7) * 0.25f;
        }
        x = DeviceMemory.allocate(4L * n);
        sum = DeviceMemory.allocate(4);
        cuMemcpyHtoD(x, Pointer.to(host), 4L * n);
        reduce = new Launch(gpu.function("sum_reduce"), 1, 256, stream, new KernelArgs().pointer(x).i32(n).pointer(sum));
    }

    @Benchmark
    public float deviceReadback() {
        reduce.enqueue();
        cuMemcpyDtoH(Pointer.to(result), sum, 4);
        return result[0];
    }

    @Benchmark
    public float hostCompute() {
        float total = 0;
        for (float v : host) {
            total += v;
        }
        return total;
    }

    @Override
    protected void enqueueGpuWork(String method) {
        reduce.enqueue();
    }

    @Override
    protected int launchesPerOp(String method) {
        return method.equals("deviceReadback") ? 1 : 0;
    }

    @Override
    protected void release() {
        DeviceMemory.free(x);
        DeviceMemory.free(sum);
    }
}
