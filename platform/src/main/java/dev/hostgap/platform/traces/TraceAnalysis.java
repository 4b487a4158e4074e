package dev.hostgap.platform.traces;

import dev.hostgap.platform.traces.TraceSummary.DeviceSummary;
import dev.hostgap.platform.traces.TraceSummary.Timeline;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a read trace into its {@link TraceSummary}: links the events ({@link TraceIndex}), analyses each
 * GPU device in device order ({@link DeviceAnalysis}) and draws the median step of the first device with steps
 * ({@link TimelineBuilder}). Plain Java over primitive arrays; no clock, no I/O.
 */
final class TraceAnalysis {

    private TraceAnalysis() {
    }

    static TraceSummary analyse(TraceData data) throws TraceRejected {
        if (data.gpuCount() == 0) {
            throw new TraceRejected("no GPU activity (kernel, memcpy or memset) in the trace:"
                    + " was it recorded with ProfilerActivity.CUDA?");
        }
        TraceIndex index = new TraceIndex(data);
        int[][] byDevice = activitiesByDevice(data);
        Integer[] order = new Integer[data.devices.size()];
        for (int d = 0; d < order.length; d++) {
            order[d] = d;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(data.devices.get(a), data.devices.get(b)));
        List<DeviceSummary> devices = new ArrayList<>();
        Timeline timeline = null;
        for (int d : order) {
            boolean first = devices.isEmpty();
            DeviceAnalysis analysis = new DeviceAnalysis(index, d, first, byDevice[d]);
            DeviceSummary summary = analysis.summarise();
            devices.add(summary);
            if (timeline == null && !summary.steps().isEmpty()) {
                timeline = TimelineBuilder.build(index, analysis, data.devices.get(d), summary.steps(), byDevice[d]);
            }
        }
        return new TraceSummary(data.format, data.events, data.stepCount(), List.copyOf(devices), timeline);
    }

    /** Each device's activity indices, sorted by start. */
    private static int[][] activitiesByDevice(TraceData data) {
        int n = data.gpuCount();
        int[] sorted = IndexSort.identity(n);
        IndexSort.sort(sorted, n, (a, b) -> {
            int byDevice = Integer.compare(data.gpuDevice.get(a), data.gpuDevice.get(b));
            return byDevice != 0 ? byDevice : Long.compare(data.gpuStart.get(a), data.gpuStart.get(b));
        });
        int[][] byDevice = new int[data.devices.size()][];
        int from = 0;
        for (int d = 0; d < byDevice.length; d++) {
            int to = from;
            while (to < n && data.gpuDevice.get(sorted[to]) == d) {
                to++;
            }
            byDevice[d] = java.util.Arrays.copyOfRange(sorted, from, to);
            from = to;
        }
        return byDevice;
    }
}
