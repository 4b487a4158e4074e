package dev.hostgap.workloads.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * Builds a kernel's parameter block once. Scalars live in direct buffers, so JCuda passes their
 * addresses without copying Java arrays on every launch: the harness must not add the per-launch
 * argument marshalling it exists to measure (DESIGN.md: 1.5-1.9x with Pointer.to(...) per launch).
 */
public final class KernelArgs {

    private final List<NativePointerObject> slots = new ArrayList<>();

    public KernelArgs pointer(CUdeviceptr value) {
        slots.add(Pointer.to(value));
        return this;
    }

    public KernelArgs i32(int value) {
        slots.add(Pointer.to(direct(4).putInt(0, value)));
        return this;
    }

    /** An int argument whose value the caller may change between launches through {@code slot}. */
    public KernelArgs i32(ByteBuffer slot) {
        slots.add(Pointer.to(slot));
        return this;
    }

    public static ByteBuffer intSlot(int value) {
        return direct(4).putInt(0, value);
    }

    public KernelArgs i64(long value) {
        slots.add(Pointer.to(direct(8).putLong(0, value)));
        return this;
    }

    public KernelArgs f32(float value) {
        slots.add(Pointer.to(direct(4).putFloat(0, value)));
        return this;
    }

    /** The block to pass as {@code kernelParams}; null for a kernel without arguments. */
    public Pointer build() {
        return slots.isEmpty() ? null : Pointer.to(slots.toArray(NativePointerObject[]::new));
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
