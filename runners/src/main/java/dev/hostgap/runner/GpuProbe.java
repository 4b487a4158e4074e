package dev.hostgap.runner;

import dev.hostgap.workloads.cuda.Gpu;
import jcuda.CudaException;
import jcuda.driver.JCudaDriver;

/** Checks for a driver and a GPU before anything runs, and reads what JCuda knows of the device. */
final class GpuProbe {

    record DeviceInfo(String name, int smCount, String computeCapability) {
    }

    private GpuProbe() {
    }

    static DeviceInfo requireGpu(int ordinal) {
        int count;
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] devices = new int[1];
            JCudaDriver.cuDeviceGetCount(devices);
            count = devices[0];
        } catch (LinkageError e) {
            // JCuda's message nests whole stack traces; the sentence below is what a person needs
            throw new RunnerException(ExitCode.NO_DRIVER, "No NVIDIA driver: the CUDA driver library (libcuda.so.1) "
                    + "could not be loaded. Run on a GPU node with the NVIDIA driver installed "
                    + "(in a container: --gpus all with the NVIDIA container toolkit).");
        } catch (CudaException e) {
            if (e.getMessage() != null && e.getMessage().contains("NO_DEVICE")) {
                throw new RunnerException(ExitCode.NO_GPU, "The NVIDIA driver is loaded but sees no GPU (" + e.getMessage()
                        + "). Check CUDA_VISIBLE_DEVICES and that the container was given a GPU.");
            }
            throw new RunnerException(ExitCode.NO_DRIVER, "The CUDA driver failed to initialize: " + e.getMessage());
        }
        if (count <= ordinal) {
            throw new RunnerException(ExitCode.NO_GPU, "The driver sees " + count + " GPU(s); device " + ordinal
                    + " does not exist. Check CUDA_VISIBLE_DEVICES or --device.");
        }
        try (Gpu gpu = Gpu.open(ordinal)) {
            return new DeviceInfo(gpu.name(), gpu.smCount(), gpu.computeCapability());
        }
    }
}
