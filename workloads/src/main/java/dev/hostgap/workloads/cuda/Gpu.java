package dev.hostgap.workloads.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

/**
 * One CUDA context on one device with the workloads' kernels loaded: the entry point of the JCuda
 * layer every workload uses. Errors become {@link jcuda.CudaException}s.
 */
public final class Gpu implements AutoCloseable {

    /** The shipped kernels, built by workloads/build-kernels.sh from src/main/cuda. */
    public static final String KERNELS = "/dev/hostgap/workloads/kernels/hostgap_kernels.fatbin";

    private static byte[] kernelImage;

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();

    private Gpu(int ordinal) {
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        JCudaDriver.cuDeviceGet(device, ordinal);
        JCudaDriver.cuCtxCreate(context, 0, device);
        cuModuleLoadData(module, kernelImage());
    }

    public static Gpu open(int ordinal) {
        return new Gpu(ordinal);
    }

    /** Makes this context current on the calling thread (JMH may run setup and benchmark on different threads). */
    public void makeCurrent() {
        cuCtxSetCurrent(context);
    }

    public CUfunction function(String name) {
        CUfunction function = new CUfunction();
        cuModuleGetFunction(function, module, name);
        return function;
    }

    /**
     * A blocking stream: it orders with the legacy default stream, so a synchronous copy (the
     * pageable path a JVM takes by default) and the kernels on this stream never overlap wrongly.
     */
    public CUstream newStream() {
        CUstream stream = new CUstream();
        cuStreamCreate(stream, jcuda.driver.CUstream_flags.CU_STREAM_DEFAULT);
        return stream;
    }

    public static void synchronize(CUstream stream) {
        cuStreamSynchronize(stream);
    }

    public String name() {
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }

    public int attribute(int cuDeviceAttribute) {
        int[] value = new int[1];
        cuDeviceGetAttribute(value, cuDeviceAttribute, device);
        return value[0];
    }

    public int smCount() {
        return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
    }

    public String computeCapability() {
        return attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                + attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    }

    /** SHA-256 of the loaded kernel binary: travels with every result as its kernel hash. */
    public static String kernelHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(kernelImage()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized byte[] kernelImage() {
        if (kernelImage == null) {
            try (InputStream in = Gpu.class.getResourceAsStream(KERNELS)) {
                if (in == null) {
                    throw new IllegalStateException("kernel binary " + KERNELS + " is missing from the classpath");
                }
                kernelImage = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kernelImage;
    }

    @Override
    public void close() {
        cuCtxDestroy(context);
    }
}
