package dev.hostgap.platform.traces;

import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.StepMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one GPU device: over the whole trace, then per step (its activities, the launch calls
 * that launched work on it, the gaps between its busy intervals), then the CPU operators behind those
 * gaps. Launch calls whose work was not recorded count on the trace's first device; synchronizations
 * block the whole host, so every device's step counts all of them.
 */
final class DeviceAnalysis {

    /**
     * Steps kept per device, the first ones with work on it: a profiler records a handful; past this a
     * trace's summary (read whole by the trace view) and its run would only grow.
     */
    static final int MAX_STEPS = 1000;

    private static final long[] GAP_BOUNDS_NANOS = {10_000, 100_000, 1_000_000};

    private final TraceIndex index;
    private final TraceData data;
    private final int device;
    private final boolean firstDevice;
    private final int[] activities;
    /** The activities grouped by step (those in no step first), each group sorted by start. */
    private final int[] sorted;
    private final int[] stepFrom;

    /** {@code activities}: this device's activity indices sorted by start. */
    DeviceAnalysis(TraceIndex index, int device, boolean firstDevice, int[] activities) {
        this.index = index;
        this.data = index.data;
        this.device = device;
        this.firstDevice = firstDevice;
        int slots = index.steps.slots();
        stepFrom = new int[slots + 2];
        for (int activity : activities) {
            stepFrom[index.activityStep[activity] + 2]++;
        }
        for (int s = 1; s < stepFrom.length; s++) {
            stepFrom[s] += stepFrom[s - 1];
        }
        // slot s occupies [stepFrom[s + 1], stepFrom[s + 2]); activities in no step come first
        sorted = new int[activities.length];
        int[] next = java.util.Arrays.copyOf(stepFrom, stepFrom.length);
        for (int activity : activities) {
            sorted[next[index.activityStep[activity] + 1]++] = activity;
        }
        this.activities = activities;
    }

    DeviceSummary summarise() {
        int n = activities.length;
        long kernels = 0;
        long memcpys = 0;
        long memcpyBytes = 0;
        long memsets = 0;
        for (int activity : activities) {
            switch (data.gpuKind.get(activity)) {
                case TraceData.MEMCPY -> {
                    memcpys++;
                    memcpyBytes += data.gpuBytes.get(activity);
                }
                case TraceData.MEMSET -> memsets++;
                default -> kernels++;
            }
        }
        long span = Busy.span(data, activities, 0, n);
        long busy = Busy.union(data, activities, 0, n, Busy.ALL);
        List<StepMetrics> steps = new ArrayList<>();
        long[][] launchDurations = launchDurationsByStep();
        GapCauses causes = new GapCauses(index);
        for (int slot = 0; slot < index.steps.slots() && steps.size() < MAX_STEPS; slot++) {
            if (stepFrom[slot + 2] > stepFrom[slot + 1]) {
                // a step without work on this device has no span: leaving it out, not counting it 0% idle
                steps.add(step(slot, launchDurations[slot], causes));
            }
        }
        return new DeviceSummary("cuda:" + data.devices.get(device), micros(span), micros(busy), percent(span - busy, span),
                micros(Busy.union(data, activities, 0, n, Busy.COMPUTE)),
                micros(Busy.union(data, activities, 0, n, Busy.MEMORY)),
                micros(Busy.union(data, activities, 0, n, Busy.COMMUNICATION)),
                kernels, memcpys, memcpyBytes, memsets, List.copyOf(steps), causes.top(steps.size()));
    }

    /** Reports the gaps between the busy intervals of one step's activities, in time order. */
    void gaps(int slot, Busy.GapSink sink) {
        Busy.gaps(data, sorted, stepFrom[slot + 1], stepFrom[slot + 2], sink);
    }

    private StepMetrics step(int slot, long[] launchDurations, GapCauses causes) {
        int from = stepFrom[slot + 1];
        int to = stepFrom[slot + 2];
        long span = Busy.span(data, sorted, from, to);
        long busy = Busy.union(data, sorted, from, to, Busy.ALL);
        long[] histogram = new long[GAP_BOUNDS_NANOS.length + 1];
        gaps(slot, (start, end, ending) -> {
            causes.add(start, end, ending);
            int bucket = 0;
            while (bucket < GAP_BOUNDS_NANOS.length && end - start >= GAP_BOUNDS_NANOS[bucket]) {
                bucket++;
            }
            histogram[bucket]++;
        });
        long[] delays = new long[to - from];
        int delayCount = 0;
        long memcpyCount = 0;
        long memcpyBytes = 0;
        for (int i = from; i < to; i++) {
            int activity = sorted[i];
            int call = index.launch[activity];
            if (call >= 0) {
                delays[delayCount++] = data.gpuStart.get(activity) - data.callStart.get(call);
            }
            if (data.gpuKind.get(activity) == TraceData.MEMCPY) {
                memcpyCount++;
                memcpyBytes += data.gpuBytes.get(activity);
            }
        }
        long[] delay = Percentiles.of(delays, 0, delayCount, 50, 99);
        long launchP50 = Percentiles.of(launchDurations, 0, launchDurations.length, 50)[0];
        return new StepMetrics(index.steps.number(slot), micros(span), micros(busy), micros(span - busy),
                percent(span - busy, span), micros(Busy.union(data, sorted, from, to, Busy.COMPUTE)),
                micros(Busy.union(data, sorted, from, to, Busy.MEMORY)),
                micros(Busy.union(data, sorted, from, to, Busy.COMMUNICATION)), launchDurations.length,
                micros(launchP50), micros(delay[0]), micros(delay[1]), memcpyCount, memcpyBytes,
                index.synchronizationsPerStep[slot], histogram);
    }

    /** Per step, the durations of the launch calls that launched work on this device. */
    private long[][] launchDurationsByStep() {
        int slots = index.steps.slots();
        int[] counts = new int[slots];
        for (int c = 0; c < data.callCount(); c++) {
            if (launchesHere(c)) {
                counts[index.callStep[c]]++;
            }
        }
        long[][] durations = new long[slots][];
        for (int s = 0; s < slots; s++) {
            durations[s] = new long[counts[s]];
            counts[s] = 0;
        }
        for (int c = 0; c < data.callCount(); c++) {
            if (launchesHere(c)) {
                int s = index.callStep[c];
                durations[s][counts[s]++] = data.callEnd.get(c) - data.callStart.get(c);
            }
        }
        return durations;
    }

    private boolean launchesHere(int call) {
        if (index.callStep[call] < 0 || data.callKind.get(call) != RuntimeCalls.LAUNCH) {
            return false;
        }
        int launched = index.callDevice[call];
        return launched == device || (launched < 0 && firstDevice);
    }

    static double micros(long nanos) {
        return nanos / 1000.0;
    }

    static double percent(long part, long whole) {
        return whole <= 0 ? 0 : 100.0 * part / whole;
    }
}
