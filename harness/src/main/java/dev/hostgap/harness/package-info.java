/**
 * hostgap's benchmark harness as a library: what a JMH benchmark of GPU code calls to measure its
 * launches the way hostgap does and to report them in a run file the platform stores.
 *
 * <ul>
 *   <li>{@link dev.hostgap.harness.Gpu}, {@link dev.hostgap.harness.KernelImage},
 *       {@link dev.hostgap.harness.GpuModule}: a context, and kernels loaded from a cubin, fatbin or PTX file;</li>
 *   <li>{@link dev.hostgap.harness.Launch}, {@link dev.hostgap.harness.KernelArgs},
 *       {@link dev.hostgap.harness.CudaGraph}, {@link dev.hostgap.harness.DeviceMemory}: launches prepared once
 *       and enqueued with one JNI call, graphs, memory;</li>
 *   <li>{@link dev.hostgap.harness.GpuTimer}: GPU-busy time per operation, without the host's gaps;</li>
 *   <li>{@link dev.hostgap.harness.ForkGpuTime}, {@link dev.hostgap.harness.ForkResults},
 *       {@link dev.hostgap.harness.Environment}, {@link dev.hostgap.harness.RunFile}: per-fork samples,
 *       the series they make, the environment and the run file {@code hostgap-runner upload} sends.</li>
 * </ul>
 */
package dev.hostgap.harness;
