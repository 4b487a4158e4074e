package dev.hostgap.harness;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import static jcuda.driver.JCudaDriver.CU_MEMHOSTALLOC_DEVICEMAP;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemHostAlloc;
import static jcuda.driver.JCudaDriver.cuMemHostGetDevicePointer;
import static jcuda.driver.JCudaDriver.cuMemsetD32;

/** Device allocations and page-locked host memory, with the frees that go with them. */
public final class DeviceMemory {

    private DeviceMemory() {
    }

    /** {@code bytes} of device memory, zeroed (a multiple of 4). */
    public static CUdeviceptr allocate(long bytes) {
        CUdeviceptr pointer = new CUdeviceptr();
        cuMemAlloc(pointer, bytes);
        cuMemsetD32(pointer, 0, bytes / 4);
        return pointer;
    }

    /** Frees what {@link #allocate} returned; null is ignored. */
    public static void free(CUdeviceptr pointer) {
        if (pointer != null) {
            cuMemFree(pointer);
        }
    }

    /** Pinned host memory: the host writes it through the returned buffer, copies from it run async. */
    public static Pinned allocatePinned(long bytes) {
        Pointer host = new Pointer();
        cuMemAllocHost(host, bytes);
        return new Pinned(host, host.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder()), null);
    }

    /** Pinned host memory the GPU can also read directly (used for the release flag of the GPU timer). */
    public static Pinned allocateMapped(long bytes) {
        Pointer host = new Pointer();
        cuMemHostAlloc(host, bytes, CU_MEMHOSTALLOC_DEVICEMAP);
        CUdeviceptr device = new CUdeviceptr();
        cuMemHostGetDevicePointer(device, host, 0);
        return new Pinned(host, host.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder()), device);
    }

    /** Page-locked host memory: its JCuda pointer, a native-order view of it, and its device address if mapped (else null). */
    public record Pinned(Pointer host, ByteBuffer buffer, CUdeviceptr device) {
        /** Frees the page-locked memory. */
        public void free() {
            cuMemFreeHost(host);
        }
    }
}
