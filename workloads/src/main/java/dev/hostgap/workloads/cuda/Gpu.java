package dev.hostgap.workloads.cuda;

import dev.hostgap.harness.GpuModule;
import dev.hostgap.harness.KernelImage;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

/**
 * A harness context ({@link dev.hostgap.harness.Gpu}) with the workloads' kernels loaded: the entry
 * point every workload, and the runner's GPU probe, uses. Errors become {@link jcuda.CudaException}s.
 */
public final class Gpu implements AutoCloseable {

    /** The shipped kernels, built by workloads/build-kernels.sh from src/main/cuda. */
    public static final String KERNELS = "/dev/hostgap/workloads/kernels/hostgap_kernels.fatbin";

    private static KernelImage kernelImage;

    private final dev.hostgap.harness.Gpu gpu;
    private final GpuModule module;

    private Gpu(int ordinal) {
        gpu = dev.hostgap.harness.Gpu.open(ordinal);
        module = gpu.load(kernelImage());
    }

    public static Gpu open(int ordinal) {
        return new Gpu(ordinal);
    }

    /** The harness context underneath, for {@link dev.hostgap.harness.GpuTimer}. */
    public dev.hostgap.harness.Gpu context() {
        return gpu;
    }

    /** Makes this context current on the calling thread (JMH may run setup and benchmark on different threads). */
    public void makeCurrent() {
        gpu.makeCurrent();
    }

    public CUfunction function(String name) {
        return module.function(name);
    }

    public CUstream newStream() {
        return gpu.newStream();
    }

    public static void synchronize(CUstream stream) {
        dev.hostgap.harness.Gpu.synchronize(stream);
    }

    public String name() {
        return gpu.name();
    }

    public int smCount() {
        return gpu.smCount();
    }

    public String computeCapability() {
        return gpu.computeCapability();
    }

    /** SHA-256 of the loaded kernel binary: travels with every result as its kernel hash. */
    public static String kernelHash() {
        return kernelImage().sha256();
    }

    static synchronized KernelImage kernelImage() {
        if (kernelImage == null) {
            kernelImage = KernelImage.fromResource(Gpu.class, KERNELS);
        }
        return kernelImage;
    }

    @Override
    public void close() {
        gpu.close();
    }
}
