package dev.hostgap.harness;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

/** A kernel image loaded into a {@link Gpu}'s context; it lives as long as the context. */
public final class GpuModule {

    private final CUmodule module = new CUmodule();
    private final KernelImage image;

    GpuModule(KernelImage image) {
        this.image = image;
        cuModuleLoadData(module, image.bytes());
    }

    /** The kernel {@code name} ({@code extern "C"}, or its mangled name). */
    public CUfunction function(String name) {
        CUfunction function = new CUfunction();
        cuModuleGetFunction(function, module, name);
        return function;
    }

    /** The image this module was loaded from. */
    public KernelImage image() {
        return image;
    }
}
