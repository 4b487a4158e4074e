package dev.hostgap.harness;

import java.nio.charset.StandardCharsets;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

/**
 * One CUDA context on one device: where a benchmark loads its kernels ({@link #load}) and gets its
 * streams. Driver errors become {@link jcuda.CudaException}s. Open it in a {@code Level.Trial}
 * setup and close it in the matching teardown.
 */
public final class Gpu implements AutoCloseable {

    /** The harness's own kernels (GpuTimer's hold), built by harness/build-kernels.sh. */
    static final String HARNESS_KERNELS = "/dev/hostgap/harness/kernels/hostgap_harness.fatbin";

    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private GpuModule harnessKernels;

    private Gpu(int ordinal) {
        this.ordinal = ordinal;
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        JCudaDriver.cuDeviceGet(device, ordinal);
        JCudaDriver.cuCtxCreate(context, 0, device);
    }

    /** Initialises the driver and creates a context on device {@code ordinal}, current on this thread. */
    public static Gpu open(int ordinal) {
        return new Gpu(ordinal);
    }

    /** Makes this context current on the calling thread (JMH may run setup and benchmark on different threads). */
    public void makeCurrent() {
        cuCtxSetCurrent(context);
    }

    /** Loads a cubin, fatbin or PTX image into this context. */
    public GpuModule load(KernelImage image) {
        makeCurrent();
        return new GpuModule(image);
    }

    /**
     * A blocking stream: it orders with the legacy default stream, so a synchronous copy (the
     * pageable path a JVM takes by default) and the kernels on this stream never overlap wrongly.
     */
    public CUstream newStream() {
        CUstream stream = new CUstream();
        cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT);
        return stream;
    }

    /** Waits until everything enqueued on {@code stream} has run. */
    public static void synchronize(CUstream stream) {
        cuStreamSynchronize(stream);
    }

    /** The device's ordinal, as given to {@link #open}. */
    public int ordinal() {
        return ordinal;
    }

    /** The device's name as the driver reports it, e.g. {@code NVIDIA H100 80GB HBM3}. */
    public String name() {
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, StandardCharsets.US_ASCII);
    }

    /** A {@code CUdevice_attribute} of the device. */
    public int attribute(int cuDeviceAttribute) {
        int[] value = new int[1];
        cuDeviceGetAttribute(value, cuDeviceAttribute, device);
        return value[0];
    }

    /** Streaming multiprocessors on the device. */
    public int smCount() {
        return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
    }

    /** Compute capability as {@code major.minor}, e.g. {@code 9.0}. */
    public String computeCapability() {
        return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                + attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    }

    /** The kernel that holds a stream for {@link GpuTimer}, from the harness's own module, loaded once per context. */
    synchronized CUfunction timerKernel() {
        if (harnessKernels == null) {
            harnessKernels = load(KernelImage.fromResource(Gpu.class, HARNESS_KERNELS));
        }
        return harnessKernels.function("hold_until_released");
    }

    /** Destroys the context, and with it every module, stream and allocation made in it. */
    @Override
    public void close() {
        cuCtxDestroy(context);
    }
}
