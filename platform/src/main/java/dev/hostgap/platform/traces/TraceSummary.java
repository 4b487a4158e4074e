package dev.hostgap.platform.traces;

import java.util.List;

/**
 * What one profiler trace says about the GPUs it recorded: per device the whole-trace figures, the
 * figures of each profiler step (the run's samples), what the CPU was doing when the GPU went idle,
 * and one step drawn as a timeline. Computed once at upload, stored as JSON, read by the API and the UI.
 *
 * @param format   {@code kineto} (PyTorch profiler Chrome-trace JSON) or {@code nsys} (Nsight Systems SQLite export)
 * @param events   trace events read
 * @param steps    profiler steps found ({@code ProfilerStep#N}); 0 when the trace marks none
 * @param devices  one entry per GPU device with activity, ordered by device
 * @param timeline one step drawn for the trace view; null when the trace has no GPU activity
 */
public record TraceSummary(String format, long events, int steps, List<DeviceSummary> devices, Timeline timeline) {

    /**
     * One GPU device. {@code spanUs}: the first GPU activity's start to the last one's end; {@code busyUs}:
     * the union of every kernel, memcpy and memset; {@code idlePercent} = 100 × (span − busy) / span.
     * {@code computeUs}, {@code memoryUs}, {@code communicationUs}: the union of the device's kernels that are
     * not communication, of its memcpys and memsets, and of its communication kernels (NCCL); each over the
     * whole trace. {@code steps}: the same figures per profiler step (one entry for the whole trace when it
     * marks no steps). {@code gapCauses}: idle time summed by the CPU operator running when the GPU went idle.
     */
    public record DeviceSummary(String device, double spanUs, double busyUs, double idlePercent, double computeUs,
                                double memoryUs, double communicationUs, long kernels, long memcpys, long memcpyBytes,
                                long memsets, List<StepMetrics> steps, List<GapCause> gapCauses) {
    }

    /**
     * One profiler step on one device; {@code step} is N of {@code ProfilerStep#N}, or -1 for a trace without
     * steps (then the step is the whole trace). GPU activities belong to the step whose CPU range holds the
     * runtime call that launched them (matched by correlation id), or else the step their start falls in.
     * {@code gapHistogram} counts the idle gaps between busy intervals of the step: under 10 µs, 10–100 µs,
     * 100 µs–1 ms, 1 ms and more.
     */
    public record StepMetrics(int step, double spanUs, double busyUs, double idleUs, double idlePercent,
                              double computeUs, double memoryUs, double communicationUs, long kernelLaunches,
                              double launchCpuUsP50, double launchDelayUsP50, double launchDelayUsP99,
                              long memcpyCount, long memcpyBytes, long synchronizations, long[] gapHistogram) {
    }

    /**
     * Idle time of a device summed by the CPU operator that was running (innermost, on the thread that
     * launched the work which ended the gap) when the GPU went idle; {@code pythonFrame} is the innermost
     * Python frame there when the trace has them, else null. {@code operator} is {@code (no operator)} when
     * no operator was running. Per step: the total over all steps divided by the number of steps.
     */
    public record GapCause(String operator, String pythonFrame, double idleUsPerStep, long gaps, double largestGapUs) {
    }

    /**
     * One step (the one whose idle percent is the median of the first device's steps) as lanes of intervals
     * in microseconds from the step's start: CPU threads (operators and runtime calls, with their nesting
     * depth) above GPU streams. {@code gaps}: the idle gaps of that step's device. At most a few thousand
     * events, longest first when a step has more.
     */
    public record Timeline(int step, String device, double startUs, double durationUs, List<Lane> lanes, List<Interval> gaps) {
    }

    /** {@code kind}: {@code cpu} or {@code gpu}; {@code name}: "thread 1234" or "stream 7". */
    public record Lane(String kind, String name, List<Interval> events) {
    }

    /** {@code category}: cpu_op, python, runtime, kernel, memcpy, memset, gap. */
    public record Interval(String name, String category, double startUs, double durationUs, int depth) {
    }
}
