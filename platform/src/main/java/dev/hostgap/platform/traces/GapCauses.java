package dev.hostgap.platform.traces;

import dev.hostgap.platform.traces.TraceSummary.GapCause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CPU was doing when the GPU went idle. For each gap, the activity that ends it leads (by
 * correlation) to the runtime call that launched it and so to a thread; on that thread the innermost
 * operator running at the gap's start is blamed, or else the innermost one around the launching call,
 * or else "(no operator)". The Python frame is found the same way. Gap time is summed per
 * (operator, frame), divided by the number of steps, and the 20 largest are kept.
 */
final class GapCauses {

    static final String NO_OPERATOR = "(no operator)";
    private static final int KEEP = 20;

    private final TraceIndex index;
    private final boolean framed;
    /** Per (operator, frame) key: total gap nanoseconds, gap count, largest gap. */
    private final Map<Long, long[]> totals = new HashMap<>();

    GapCauses(TraceIndex index) {
        this.index = index;
        this.framed = !index.python.isEmpty();
    }

    void add(long start, long end, int endingActivity) {
        TraceData data = index.data;
        long length = end - start;
        int call = index.launch[endingActivity];
        int operator = -1;
        int frame = -1;
        if (call >= 0) {
            operator = innermost(index.operators, data, call, start);
            frame = framed ? innermost(index.python, data, call, start) : -1;
        }
        long key = ((long) operator << 32) | (frame & 0xFFFFFFFFL);
        long[] total = totals.computeIfAbsent(key, k -> new long[3]);
        total[0] += length;
        total[1]++;
        total[2] = Math.max(total[2], length);
    }

    /** The causes with the most idle time, at most 20, per step of the {@code steps} that had work on the device. */
    List<GapCause> top(int steps) {
        TraceData data = index.data;
        List<Map.Entry<Long, long[]>> ranked = new ArrayList<>(totals.entrySet());
        ranked.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        List<GapCause> causes = new ArrayList<>();
        for (Map.Entry<Long, long[]> entry : ranked.subList(0, Math.min(KEEP, ranked.size()))) {
            int operator = (int) (entry.getKey() >> 32);
            int frame = (int) (long) entry.getKey();
            long[] total = entry.getValue();
            causes.add(new GapCause(operator < 0 ? NO_OPERATOR : data.names.name(operator),
                    frame < 0 ? null : data.names.name(frame), total[0] / 1000.0 / Math.max(1, steps), total[1], total[2] / 1000.0));
        }
        return List.copyOf(causes);
    }

    /** The name id of the innermost range on the call's thread holding {@code time}, else the call's start; -1 if none. */
    private static int innermost(ThreadRanges ranges, TraceData data, int call, long time) {
        int thread = data.callThread.get(call);
        int position = ranges.innermost(thread, time);
        if (position < 0) {
            position = ranges.innermost(thread, data.callStart.get(call));
        }
        return position < 0 ? -1 : data.rangeName.get(ranges.range(position));
    }
}
