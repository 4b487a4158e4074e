package dev.hostgap.platform.traces;

import dev.hostgap.platform.traces.TraceSummary.Interval;
import dev.hostgap.platform.traces.TraceSummary.Lane;
import dev.hostgap.platform.traces.TraceSummary.StepMetrics;
import dev.hostgap.platform.traces.TraceSummary.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws the typical step of the first device: the step whose idle percent is the median of its steps
 * (the lower middle for an even count). CPU lanes hold the operators, Python frames and runtime calls
 * that start within the step's range, GPU lanes the device's activities that belong to the step. Times
 * are microseconds from the step's start; {@code startUs} is the step's start from the trace's earliest
 * event. At most {@value #MAX_INTERVALS} intervals and as many gaps are kept, the longest first.
 */
final class TimelineBuilder {

    static final int MAX_INTERVALS = 4000;

    private TimelineBuilder() {
    }

    /** The slot of step {@code number} ({@code ProfilerStep#number}); 0 for a trace without steps. */
    private static int slotOf(TraceIndex index, int number) {
        for (int slot = 0; index.steps.marked() && slot < index.steps.slots(); slot++) {
            if (index.steps.number(slot) == number) {
                return slot;
            }
        }
        return 0;
    }

    static Timeline build(TraceIndex index, DeviceAnalysis device, int deviceNumber,
                          List<StepMetrics> steps, int[] deviceActivities) {
        TraceData data = index.data;
        Integer[] slots = new Integer[steps.size()];
        for (int s = 0; s < slots.length; s++) {
            slots[s] = s;
        }
        java.util.Arrays.sort(slots, Comparator.comparingDouble(s -> steps.get(s).idlePercent()));
        StepMetrics median = steps.get(slots[(slots.length - 1) / 2]);
        int slot = slotOf(index, median.step()); // the device's steps leave out those without work on it
        long from;
        long to;
        if (index.steps.marked()) {
            from = index.steps.start(slot);
            to = index.steps.end(slot);
        } else {
            from = Long.MAX_VALUE;
            to = Long.MIN_VALUE;
            for (int activity : deviceActivities) {
                from = Math.min(from, data.gpuStart.get(activity));
                to = Math.max(to, data.gpuEnd.get(activity));
            }
        }
        // kinds of candidate: 0 a CPU range, 1 a runtime call, 2 a GPU activity; kept as primitives until chosen
        IntColumn kinds = new IntColumn();
        IntColumn events = new IntColumn();
        LongColumn durations = new LongColumn();
        for (int range = 0; range < data.rangeCount(); range++) {
            if (within(data.rangeStart.get(range), from, to)) {
                add(kinds, events, durations, 0, range, data.rangeEnd.get(range) - data.rangeStart.get(range));
            }
        }
        for (int call = 0; call < data.callCount(); call++) {
            if (within(data.callStart.get(call), from, to)) {
                add(kinds, events, durations, 1, call, data.callEnd.get(call) - data.callStart.get(call));
            }
        }
        int stepSlot = index.steps.marked() ? slot : 0;
        for (int activity : deviceActivities) {
            if (index.activityStep[activity] == stepSlot) {
                add(kinds, events, durations, 2, activity, data.gpuEnd.get(activity) - data.gpuStart.get(activity));
            }
        }
        int[] chosen = IndexSort.identity(kinds.size());
        int keep = Math.min(MAX_INTERVALS, chosen.length);
        if (chosen.length > MAX_INTERVALS) {
            IndexSort.sort(chosen, chosen.length, (a, b) -> Long.compare(durations.get(b), durations.get(a)));
        }
        List<Candidate> kept = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            kept.add(candidate(index, kinds.get(chosen[i]), events.get(chosen[i])));
        }
        return new Timeline(median.step(), "cuda:" + deviceNumber, DeviceAnalysis.micros(from - index.origin),
                DeviceAnalysis.micros(to - from), lanes(kept, data, from), gaps(device, slot, from));
    }

    private static boolean within(long start, long from, long to) {
        return start >= from && start < to;
    }

    private static void add(IntColumn kinds, IntColumn events, LongColumn durations, int kind, int event, long duration) {
        kinds.add(kind);
        events.add(event);
        durations.add(duration);
    }

    private static Candidate candidate(TraceIndex index, int kind, int event) {
        TraceData data = index.data;
        if (kind == 0) {
            boolean python = data.rangeKind.get(event) == TraceData.PYTHON;
            int depth = (python ? index.python : index.operators).depthOfRange(event);
            return new Candidate(data.rangeThread.get(event), false, data.names.name(data.rangeName.get(event)),
                    python ? "python" : "cpu_op", data.rangeStart.get(event), data.rangeEnd.get(event), depth);
        }
        if (kind == 1) {
            int thread = data.callThread.get(event);
            long start = data.callStart.get(event);
            int holder = index.operators.innermost(thread, start);
            return new Candidate(thread, false, data.names.name(data.callName.get(event)), "runtime", start,
                    data.callEnd.get(event), holder < 0 ? 0 : index.operators.depth(holder) + 1);
        }
        return new Candidate(data.gpuStream.get(event), true, data.names.name(data.gpuName.get(event)),
                category(data.gpuKind.get(event)), data.gpuStart.get(event), data.gpuEnd.get(event), 0);
    }

    private static List<Lane> lanes(List<Candidate> kept, TraceData data, long from) {
        Map<Integer, List<Interval>> cpu = new TreeMap<>();
        Map<Integer, List<Interval>> gpu = new TreeMap<>();
        kept.sort(Comparator.comparingLong(Candidate::start));
        for (Candidate c : kept) {
            (c.gpu ? gpu : cpu).computeIfAbsent(c.lane, k -> new ArrayList<>())
                    .add(new Interval(c.name, c.category, DeviceAnalysis.micros(c.start - from),
                            DeviceAnalysis.micros(c.end - c.start), c.depth));
        }
        List<Lane> lanes = new ArrayList<>();
        cpu.forEach((thread, events) -> lanes.add(new Lane("cpu", "thread " + threadName(data.threads.get(thread)), List.copyOf(events))));
        gpu.forEach((stream, events) -> lanes.add(new Lane("gpu", "stream " + stream, List.copyOf(events))));
        return List.copyOf(lanes);
    }

    /** Kineto's and Nsight's threads are keyed "pid/tid"; a lane is named by the tid. */
    private static String threadName(String key) {
        int slash = key.lastIndexOf('/');
        return slash >= 0 ? key.substring(slash + 1) : key;
    }

    private static List<Interval> gaps(DeviceAnalysis device, int slot, long from) {
        LongColumn starts = new LongColumn();
        LongColumn ends = new LongColumn();
        device.gaps(slot, (start, end, ending) -> {
            starts.add(start);
            ends.add(end);
        });
        int[] chosen = IndexSort.identity(starts.size());
        int keep = Math.min(MAX_INTERVALS, chosen.length);
        if (chosen.length > MAX_INTERVALS) {
            IndexSort.sort(chosen, chosen.length, (a, b) -> Long.compare(
                    ends.get(b) - starts.get(b), ends.get(a) - starts.get(a)));
            IndexSort.sort(chosen, keep, Integer::compare);
        }
        List<Interval> gaps = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            long start = starts.get(chosen[i]);
            gaps.add(new Interval("idle", "gap", DeviceAnalysis.micros(start - from),
                    DeviceAnalysis.micros(ends.get(chosen[i]) - start), 0));
        }
        return List.copyOf(gaps);
    }

    private static String category(int kind) {
        return switch (kind) {
            case TraceData.MEMCPY -> "memcpy";
            case TraceData.MEMSET -> "memset";
            default -> "kernel";
        };
    }

    private record Candidate(int lane, boolean gpu, String name, String category, long start, long end, int depth) {
    }
}
