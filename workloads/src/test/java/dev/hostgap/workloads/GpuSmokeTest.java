package dev.hostgap.workloads;

import dev.hostgap.harness.CudaGraph;
import dev.hostgap.harness.DeviceMemory;
import dev.hostgap.harness.GpuTimer;
import dev.hostgap.harness.KernelArgs;
import dev.hostgap.harness.Launch;
import dev.hostgap.workloads.cuda.Gpu;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JCuda layer on a real GPU. Skipped only where no CUDA driver loads (CI has no GPU). */
@Tag("gpu")
class GpuSmokeTest {

    static boolean driverLoads() {
        try {
            jcuda.driver.JCudaDriver.setExceptionsEnabled(true);
            jcuda.driver.JCudaDriver.cuInit(0);
            int[] count = new int[1];
            jcuda.driver.JCudaDriver.cuDeviceGetCount(count);
            return count[0] > 0;
        } catch (Throwable noDriver) {
            return false;
        }
    }

    @Test
    void kernelsComputeAndTheTimerSeesGpuWork() {
        assumeTrue(driverLoads(), "no CUDA driver or GPU on this machine");
        try (Gpu gpu = Gpu.open(0)) {
            var stream = gpu.newStream();
            int n = 1000;
            CUdeviceptr x = DeviceMemory.allocate(4L * n);
            CUdeviceptr sum = DeviceMemory.allocate(4);
            new Launch(gpu.function("axpb_step"), Launch.blocksFor(n, 256), 256, stream,
                    new KernelArgs().pointer(x).i32(n).f32(1f).f32(2f)).enqueue();   // x = 2
            Launch fused = new Launch(gpu.function("axpb_fused"), Launch.blocksFor(n, 256), 256, stream,
                    new KernelArgs().pointer(x).i32(n).i32(3).f32(1f).f32(1f));       // x += 3
            CudaGraph graph = CudaGraph.capture(stream, fused::enqueue);
            graph.replay();                                                            // x = 5
            new Launch(gpu.function("sum_reduce"), 1, 256, stream, new KernelArgs().pointer(x).i32(n).pointer(sum)).enqueue();
            Gpu.synchronize(stream);
            float[] result = new float[1];
            cuMemcpyDtoH(Pointer.to(result), sum, 4);
            assertThat(result[0]).isEqualTo(5000f);

            try (GpuTimer timer = new GpuTimer(gpu.context(), stream)) {
                double micros = timer.microsPerOp(fused::enqueue, 1, 5);
                assertThat(micros).isGreaterThan(0).isLessThan(1000);
            }
            assertThat(gpu.smCount()).isPositive();
            assertThat(gpu.name()).isNotBlank();
            graph.close();
            DeviceMemory.free(x);
            DeviceMemory.free(sum);
        }
    }

    /** hostgap's own launch call reports the driver's error, as JCuda's would. */
    @Test
    void aLaunchTheDriverRefusesThrowsWithTheDriversReason() {
        assumeTrue(driverLoads(), "no CUDA driver or GPU on this machine");
        try (Gpu gpu = Gpu.open(0)) {
            var stream = gpu.newStream();
            Launch tooWide = new Launch(gpu.function("empty_args0"), 1, 4096, stream, null); // over 1,024 threads a block
            assertThatThrownBy(tooWide::enqueue).isInstanceOf(CudaException.class).hasMessageContaining("CUDA_ERROR_INVALID_VALUE");
            KernelArgs built = new KernelArgs().i32(1);
            new Launch(gpu.function("empty_args0"), 1, 32, stream, built);
            assertThatThrownBy(() -> built.i32(2)).isInstanceOf(IllegalStateException.class); // would silently not be passed
            Launch fine = new Launch(gpu.function("empty_args0"), 1, 32, stream, null);
            fine.enqueue();
            Gpu.synchronize(stream);
        }
    }
}
