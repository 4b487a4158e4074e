package dev.hostgap.harness;

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
 * Builds a kernel's parameter block once, in page-locked host memory: the {@code void*[]} that
 * {@code cuLaunchKernel} takes, followed by the argument values it points at. {@link Launch} hands
 * the block's address to {@link DriverLaunch}, so nothing is marshalled per launch. JCuda's usual
 * {@code Pointer.to(Pointer.to(...), ...)} makes its native code walk every nested Java object on
 * every launch (3–6 µs more per launch on an H200), and even one buffer-backed {@code Pointer} to a
 * prepared block cost 0.4–1 µs more than the driver call from C (docs/gpu-results.md,
 * hostgap's {@code LaunchCostProbe}): the harness must not add the host overhead it exists to measure.
 */
public final class KernelArgs {

    private static final Field NATIVE_POINTER = nativePointerField();

    private final List<byte[]> values = new ArrayList<>();
    private final List<IntSlot> slots = new ArrayList<>();
    private Pointer block;

    /** An int argument the caller may change between launches, written straight into the block. */
    public static final class IntSlot {
        private final int initial;
        private ByteBuffer target;
        private int offset;

        /** A slot that holds {@code initial} until the first {@link #set}. */
        public IntSlot(int initial) {
            this.initial = initial;
        }

        /** Writes the value the next launch passes (the block must be built: the launch made). */
        public void set(int value) {
            target.putInt(offset, value);
        }
    }

    /** A device pointer argument ({@code float*} and the like). */
    public KernelArgs pointer(CUdeviceptr value) {
        return value(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, address(value)).array());
    }

    /** An {@code int} argument, fixed for every launch. */
    public KernelArgs i32(int value) {
        return value(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value).array());
    }

    /** An {@code int} argument whose value {@link IntSlot#set} may change between launches. */
    public KernelArgs i32(IntSlot slot) {
        requireUnbuilt();
        if (slot.target != null) {
            throw new IllegalStateException("this int slot already belongs to another launch's parameters");
        }
        slots.add(slot);
        values.add(null); // filled from the slot when the block is built
        return this;
    }

    /** A {@code long long} argument. */
    public KernelArgs i64(long value) {
        return value(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value).array());
    }

    /** A {@code float} argument. */
    public KernelArgs f32(float value) {
        return value(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putFloat(0, value).array());
    }

    /** The {@code void**} to pass as {@code kernelParams}; 0 for a kernel without arguments. */
    public long address() {
        return values.isEmpty() ? 0 : address(block());
    }

    /**
     * The same block as a JCuda pointer backed by a direct buffer over it (null without arguments):
     * the form hostgap's {@code LaunchCostProbe} times JCuda's own launch with.
     */
    public Pointer build() {
        if (values.isEmpty()) {
            return null;
        }
        return Pointer.to(block().getByteBuffer(0, 8L * values.size()));
    }

    /**
     * Pointers first, then every value padded to 8 bytes (which keeps each one aligned). The block
     * lives for the life of the context: a few dozen bytes per launch kind.
     */
    private Pointer block() {
        if (block != null) {
            return block;
        }
        int count = values.size();
        Pointer memory = new Pointer();
        cuMemAllocHost(memory, 16L * count);
        ByteBuffer bytes = memory.getByteBuffer(0, 16L * count).order(ByteOrder.nativeOrder());
        long base = address(memory);
        int slotIndex = 0;
        for (int i = 0; i < count; i++) {
            int valueOffset = 8 * count + 8 * i;
            bytes.putLong(8 * i, base + valueOffset);
            byte[] value = values.get(i);
            if (value == null) {
                IntSlot slot = slots.get(slotIndex++);
                slot.target = bytes;
                slot.offset = valueOffset;
                slot.set(slot.initial);
            } else {
                bytes.put(valueOffset, value);
            }
        }
        block = memory;
        return block;
    }

    private KernelArgs value(byte[] value) {
        requireUnbuilt();
        values.add(value);
        return this;
    }

    /**
     * The native address JCuda keeps in a handle or a pointer it allocated (device or page-locked
     * host memory): what {@link DriverLaunch#launch} takes for a function or a stream.
     */
    public static long address(NativePointerObject pointer) {
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

    /** The block is laid out once; an argument added after it would silently not be passed. */
    private void requireUnbuilt() {
        if (block != null) {
            throw new IllegalStateException("arguments are fixed once the parameter block is built");
        }
    }
}
