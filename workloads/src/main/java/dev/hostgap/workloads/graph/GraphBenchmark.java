package dev.hostgap.workloads.graph;

import java.util.concurrent.TimeUnit;

import dev.hostgap.harness.CudaGraph;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code graph}: a chain of K tiny kernels, launched one by one on a stream ({@link #streamLaunches})
 * or replayed as one captured CUDA graph ({@link #graphReplay}); and the one-off cost of capturing
 * and instantiating that graph ({@link #captureAndInstantiate}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class GraphBenchmark extends GpuWorkload {

    static final int ELEMENTS = 256;

    @Param({"10", "100", "1000"})
    public int kernels;

    private CUdeviceptr x;
    private Launch step;
    private CudaGraph graph;

    @Setup(Level.Trial)
    public void prepare() {
        x = DeviceMemory.allocate(4L * ELEMENTS);
        step = new Launch(gpu.function("axpb_step"), 1, ELEMENTS, stream, new KernelArgs().pointer(x).i32(ELEMENTS).f32(1f).f32(0f));
        graph = CudaGraph.capture(stream, this::streamLaunches);
    }

    @Benchmark
    public void streamLaunches() {
        for (int i = 0; i < kernels; i++) {
            step.enqueue();
        }
    }

    @Benchmark
    public void graphReplay() {
        graph.replay();
    }

    @Benchmark
    public void captureAndInstantiate(BuiltGraph built) {
        built.graph = CudaGraph.capture(stream, this::streamLaunches);
    }

    /**
     * The graph {@link #captureAndInstantiate} builds, destroyed after each call outside the timed
     * region. It lives in its own state because a {@code Level.Invocation} fixture makes JMH time
     * every call of each benchmark that uses the state (JMH sample 07): on the shared state it
     * also put per-call timing around {@link #streamLaunches} and {@link #graphReplay}.
     */
    @State(Scope.Thread)
    public static class BuiltGraph {
        CudaGraph graph;

        @TearDown(Level.Invocation)
        public void destroy() {
            if (graph != null) {
                graph.close();
                graph = null;
            }
        }
    }

    @Override
    protected void enqueueGpuWork(String method) {
        if (method.equals("streamLaunches")) {
            streamLaunches();
        } else {
            graph.replay();
        }
    }

    @Override
    protected int launchesPerOp(String method) {
        return switch (method) {
            case "streamLaunches" -> kernels;
            case "graphReplay" -> 1;
            default -> 0; // building a graph runs nothing on the GPU
        };
    }

    @Override
    protected void release() {
        try {
            if (graph != null) {
                graph.close();
            }
        } finally {
            DeviceMemory.free(x);
        }
    }
}
