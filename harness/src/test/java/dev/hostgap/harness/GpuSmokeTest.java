package dev.hostgap.harness;

import java.util.regex.Pattern;

import jcuda.driver.CUstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The harness on a real GPU. Skipped only where no CUDA driver loads (CI has no GPU). */
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
    void theTimerTimesLaunchesAndTheEnvironmentNamesTheGpu() {
        assumeTrue(driverLoads(), "no CUDA driver or GPU on this machine");
        try (Gpu gpu = Gpu.open(0)) {
            CUstream stream = gpu.newStream();
            DeviceMemory.Pinned released = DeviceMemory.allocateMapped(4);
            released.buffer().putInt(0, 1); // the hold kernel returns at once: a tiny kernel to time
            Launch tiny = new Launch(gpu.timerKernel(), 1, 1, stream, new KernelArgs().pointer(released.device()).i64(1));
            try (GpuTimer timer = new GpuTimer(gpu, stream)) {
                assertThat(timer.microsPerOp(tiny::enqueue, 1, 5)).isGreaterThan(0).isLessThan(1000);
            }
            Gpu.synchronize(stream);
            released.free();

            Environment environment = Environment.capture(gpu);
            assertThat(environment.gpu()).isEqualTo(gpu.name()).isNotBlank();
            assertThat(environment.cuda()).matches(Pattern.compile("\\d+\\.\\d+"));
            // a driver version, also in a container that hides /proc/driver/nvidia
            assertThat(environment.driver()).matches(Pattern.compile("\\d+\\.\\d+(\\.\\d+)?"));
            assertThat(environment.attributes()).containsEntry("device_ordinal", "0").containsKey("sm_count");
        }
    }
}
