package dev.hostgap.workloads.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.hostgap.harness.DeviceMemory;
import dev.hostgap.harness.DriverLaunch;
import dev.hostgap.harness.KernelArgs;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

/**
 * Where the host time of a launch with arguments goes: the same empty-kernel launch through
 * hostgap's own JNI call ({@link DriverLaunch}, what {@link Launch} uses) with and without a
 * parameter block, and through JCuda's {@code cuLaunchKernel}: with no parameter pointer, with
 * {@link KernelArgs}' block as a buffer-backed pointer (to the 4-argument kernel, and to the
 * 0-argument kernel: JCuda's pointer handling alone, the driver copies nothing), with the block
 * behind one plain page-locked pointer, and with JCuda's nested {@code Pointer.to(...)} built once.
 * Interleaved in rounds, as {@code workloads/native/hostgap_driver_launch.cu} does through the
 * driver API in C. One JSON line per measurement. Diagnostic, not a workload.
 * Run: {@code java -cp hostgap-runner.jar dev.hostgap.workloads.cuda.LaunchCostProbe [rounds] [iteration-ms]}.
 */
public final class LaunchCostProbe {

    private LaunchCostProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long iterationNanos = (args.length > 1 ? Long.parseLong(args[1]) : 150) * 1_000_000L;
        try (Gpu gpu = Gpu.open(0)) {
            gpu.makeCurrent();
            CUstream stream = gpu.newStream();
            CUfunction args0 = gpu.function("empty_args0");
            CUfunction args4 = gpu.function("empty_args4");
            CUdeviceptr buffer = DeviceMemory.allocate(4096);
            try {
                KernelArgs args4Block = new KernelArgs().pointer(buffer).pointer(buffer).i32(1024).f32(2f);
                Pointer block = args4Block.build(); // the same block as JCuda sees it: a buffer-backed pointer
                Pointer classic = Pointer.to(Pointer.to(buffer), Pointer.to(buffer), Pointer.to(new int[] {1024}),
                        Pointer.to(new float[] {2f}));
                // KernelArgs' layout (pointer array, then values, in one page-locked block) behind a plain JCuda pointer
                Pointer pinned = new Pointer();
                jcuda.driver.JCudaDriver.cuMemAllocHost(pinned, 64);
                ByteBuffer memory = pinned.getByteBuffer(0, 64).order(ByteOrder.nativeOrder());
                long base = KernelArgs.address(pinned);
                for (int i = 0; i < 4; i++) {
                    memory.putLong(8 * i, base + 32 + 8 * i);
                }
                memory.putLong(32, KernelArgs.address(buffer)).putLong(40, KernelArgs.address(buffer))
                        .putInt(48, 1024).putFloat(56, 2f);

                long args0Handle = KernelArgs.address(args0);
                long args4Handle = KernelArgs.address(args4);
                long streamHandle = KernelArgs.address(stream);
                long args4Params = args4Block.address();
                Map<String, Runnable> modes = new LinkedHashMap<>();
                modes.put("hostgap-jni/args0", () -> DriverLaunch.launch(args0Handle, 1, 32, streamHandle, 0));
                modes.put("hostgap-jni/args4", () -> DriverLaunch.launch(args4Handle, 1, 32, streamHandle, args4Params));
                modes.put("no-params/args0", () -> cuLaunchKernel(args0, 1, 1, 1, 32, 1, 1, 0, stream, null, null));
                modes.put("kernelargs/args4", () -> cuLaunchKernel(args4, 1, 1, 1, 32, 1, 1, 0, stream, block, null));
                modes.put("kernelargs/args0", () -> cuLaunchKernel(args0, 1, 1, 1, 32, 1, 1, 0, stream, block, null));
                modes.put("pinned-block/args4", () -> cuLaunchKernel(args4, 1, 1, 1, 32, 1, 1, 0, stream, pinned, null));
                modes.put("classic/args4", () -> cuLaunchKernel(args4, 1, 1, 1, 32, 1, 1, 0, stream, classic, null));
                for (int round = 0; round < rounds; round++) {
                    for (Map.Entry<String, Runnable> mode : modes.entrySet()) {
                        Runnable launch = mode.getValue();
                        print(mode.getKey(), "enqueue", round, measure(launch, () -> { }, stream, iterationNanos));
                        print(mode.getKey(), "launch_sync", round, measure(launch, () -> Gpu.synchronize(stream), stream, iterationNanos));
                    }
                }
                jcuda.driver.JCudaDriver.cuMemFreeHost(pinned);
            } finally {
                DeviceMemory.free(buffer);
            }
        }
    }

    /** Mean microseconds per op over 5 iterations after 3 warm-up iterations, the clock read every op (as the C reference does). */
    private static double measure(Runnable launch, Runnable after, CUstream stream, long iterationNanos) {
        double sum = 0;
        for (int it = 0; it < 8; it++) {
            long ops = 0;
            long start = System.nanoTime();
            long end = start + iterationNanos;
            long now = start;
            while (now < end) {
                launch.run();
                after.run();
                ops++;
                now = System.nanoTime();
            }
            Gpu.synchronize(stream);
            if (it >= 3) {
                sum += (now - start) / 1000.0 / ops;
            }
        }
        return sum / 5;
    }

    private static void print(String mode, String op, int round, double micros) {
        System.out.printf(Locale.ROOT, "{\"impl\":\"jcuda\",\"mode\":\"%s\",\"op\":\"%s\",\"round\":%d,\"us\":%.4f}%n",
                mode, op, round, micros);
    }
}
