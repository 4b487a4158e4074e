package dev.hostgap.platform.traces;

/**
 * Which CUDA runtime and driver calls launch GPU work and which make the CPU wait for the GPU. Names
 * are matched by prefix, so Nsight's versioned names ({@code cudaLaunchKernel_v7000}) match too.
 * <ul>
 * <li>launches: {@code cudaLaunchKernel*}, {@code cuLaunchKernel*}, {@code cudaLaunchCooperativeKernel*},
 * {@code cudaGraphLaunch*}, {@code cuGraphLaunch*};</li>
 * <li>synchronizations: {@code cudaDeviceSynchronize}, {@code cudaStreamSynchronize},
 * {@code cudaEventSynchronize}, {@code cuCtxSynchronize}, {@code cuStreamSynchronize},
 * {@code cuEventSynchronize}, and every copy that is not asynchronous: names starting {@code cudaMemcpy}
 * or {@code cuMemcpy} without {@code Async} ({@code cudaMemcpy}, {@code cudaMemcpy2D},
 * {@code cudaMemcpyToSymbol}, {@code cuMemcpyDtoH}, {@code cuMemcpyHtoD}, ...).</li>
 * </ul>
 */
final class RuntimeCalls {

    static final int OTHER = 0;
    static final int LAUNCH = 1;
    static final int SYNCHRONIZATION = 2;

    private static final String[] LAUNCHES = {
        "cudaLaunchKernel", "cuLaunchKernel", "cudaLaunchCooperativeKernel", "cudaGraphLaunch", "cuGraphLaunch"};
    private static final String[] SYNCHRONIZATIONS = {
        "cudaDeviceSynchronize", "cudaStreamSynchronize", "cudaEventSynchronize",
        "cuCtxSynchronize", "cuStreamSynchronize", "cuEventSynchronize"};

    private RuntimeCalls() {
    }

    static int kindOf(String name) {
        if (name == null) {
            return OTHER;
        }
        for (String launch : LAUNCHES) {
            if (name.startsWith(launch)) {
                return LAUNCH;
            }
        }
        for (String sync : SYNCHRONIZATIONS) {
            if (name.startsWith(sync)) {
                return SYNCHRONIZATION;
            }
        }
        if ((name.startsWith("cudaMemcpy") || name.startsWith("cuMemcpy")) && !name.contains("Async")) {
            return SYNCHRONIZATION;
        }
        return OTHER;
    }
}
