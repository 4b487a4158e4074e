package dev.hostgap.workloads.cuda;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import static jcuda.driver.JCudaDriver.cuMemAllocHost;

/**
 * Builds a kernel's parameter block once, in native memory: the argument values in page-locked
 * memory, and the {@code void*[]} that {@code cuLaunchKernel} takes, pointing at them, in a direct
 * buffer. The launch then passes one buffer-backed pointer through JNI. JCuda's usual
 * {@code Pointer.to(Pointer.to(...), ...)} makes its native code walk every nested Java object on
 * every launch (3–6 µs more per launch on an H200), and even a single pointer to the page-locked
 * block itself cost 0.1–1.6 µs more per launch than a direct buffer (docs/gpu-results.md,
 * {@link LaunchCostProbe}): the harness must not add the host overhead it exists to measure.
 */
public final class KernelArgs {

    private static final Field NATIVE_POINTER = nativePointerField();

    private final List<byte[]> values = new ArrayList<>();
    private final List<IntSlot> slots = new ArrayList<>();
    private Pointer block;
    private Pointer pinnedValues;

    /** An int argument the caller may change between launches, written straight into the block. */
    public static final class IntSlot {
        private final int initial;
        private ByteBuffer target;
        private int offset;

        public IntSlot(int initial) {
            this.initial = initial;
        }

        public void set(int value) {
            target.putInt(offset, value);
        }
    }

    public KernelArgs pointer(CUdeviceptr value) {
        return value(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, address(value)).array());
    }

    public KernelArgs i32(int value) {
        return value(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value).array());
    }

    public KernelArgs i32(IntSlot slot) {
        slots.add(slot);
        values.add(null); // filled from the slot when the block is built
        return this;
    }

    public KernelArgs i64(long value) {
        return value(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value).array());
    }

    public KernelArgs f32(float value) {
        return value(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putFloat(0, value).array());
    }

    /**
     * The {@code kernelParams} pointer; null for a kernel without arguments. The block lives in
     * page-locked host memory for the life of the context (a few dozen bytes per launch kind).
     */
    public Pointer build() {
        if (values.isEmpty()) {
            return null;
        }
        if (block != null) {
            return block;
        }
        int count = values.size();
        int size = 8 * count; // every value padded to 8 bytes keeps each one aligned
        pinnedValues = new Pointer();
        cuMemAllocHost(pinnedValues, size);
        ByteBuffer memory = pinnedValues.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        ByteBuffer pointers = ByteBuffer.allocateDirect(8 * count).order(ByteOrder.nativeOrder());
        long base = address(pinnedValues);
        int slotIndex = 0;
        for (int i = 0; i < count; i++) {
            int valueOffset = 8 * i;
            pointers.putLong(8 * i, base + valueOffset);
            byte[] value = values.get(i);
            if (value == null) {
                IntSlot slot = slots.get(slotIndex++);
                slot.target = memory;
                slot.offset = valueOffset;
                slot.set(slot.initial);
            } else {
                memory.put(valueOffset, value);
            }
        }
        block = Pointer.to(pointers);
        return block;
    }

    private KernelArgs value(byte[] value) {
        values.add(value);
        return this;
    }

    /** The native address JCuda keeps in a pointer it allocated (device or page-locked host memory). */
    static long address(NativePointerObject pointer) {
        try {
            return (long) NATIVE_POINTER.get(pointer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field nativePointerField() {
        try {
            Field field = NativePointerObject.class.getDeclaredField("nativePointer");
            field.setAccessible(true); // JCuda is on the class path: no module boundary to open
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this JCuda version keeps no nativePointer field", e);
        }
    }
}
