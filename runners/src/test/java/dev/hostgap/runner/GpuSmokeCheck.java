package dev.hostgap.runner;

/** Whether a CUDA driver loads here; tests that expect its absence are skipped where it exists. */
final class GpuSmokeCheck {

    private GpuSmokeCheck() {
    }

    static boolean driverLoads() {
        try {
            jcuda.driver.JCudaDriver.setExceptionsEnabled(true);
            jcuda.driver.JCudaDriver.cuInit(0);
            return true;
        } catch (Throwable noDriver) {
            return false;
        }
    }
}
