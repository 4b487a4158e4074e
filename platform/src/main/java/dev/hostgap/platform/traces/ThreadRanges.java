package dev.hostgap.platform.traces;

/**
 * One kind of CPU range (operators or Python frames) grouped by thread and sorted by start, outer
 * ranges before the ranges they hold, with each range's parent: the innermost range holding a moment is
 * then found by a binary search for the last range started by then and a walk up its parents, which on
 * one thread's properly nested ranges visits at most the nesting depth.
 */
final class ThreadRanges {

    private final TraceData data;
    private final int[] sorted;
    private final int[] parent;
    private final int[] depth;
    private final int[] depthByRange;
    private final int[] threadFrom;
    private final int[] threadTo;

    ThreadRanges(TraceData data, int kind) {
        this.data = data;
        int count = 0;
        for (int i = 0; i < data.rangeCount(); i++) {
            if (data.rangeKind.get(i) == kind) {
                count++;
            }
        }
        sorted = new int[count];
        int next = 0;
        for (int i = 0; i < data.rangeCount(); i++) {
            if (data.rangeKind.get(i) == kind) {
                sorted[next++] = i;
            }
        }
        IndexSort.sort(sorted, count, (a, b) -> {
            int byThread = Integer.compare(data.rangeThread.get(a), data.rangeThread.get(b));
            if (byThread != 0) {
                return byThread;
            }
            int byStart = Long.compare(data.rangeStart.get(a), data.rangeStart.get(b));
            return byStart != 0 ? byStart : Long.compare(data.rangeEnd.get(b), data.rangeEnd.get(a));
        });
        int threads = data.threads.size();
        threadFrom = new int[threads];
        threadTo = new int[threads];
        parent = new int[count];
        depth = new int[count];
        depthByRange = new int[data.rangeCount()];
        int[] stack = new int[Math.max(count, 1)];
        int top = -1;
        for (int position = 0; position < count; position++) {
            int range = sorted[position];
            int thread = data.rangeThread.get(range);
            if (position == 0 || data.rangeThread.get(sorted[position - 1]) != thread) {
                threadFrom[thread] = position;
                top = -1;
            }
            threadTo[thread] = position + 1;
            while (top >= 0 && data.rangeEnd.get(sorted[stack[top]]) <= data.rangeStart.get(range)) {
                top--;
            }
            parent[position] = top >= 0 ? stack[top] : -1;
            depth[position] = top >= 0 ? depth[stack[top]] + 1 : 0;
            depthByRange[range] = depth[position];
            stack[++top] = position;
        }
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The position of the innermost range on {@code thread} with start ≤ time < end, or -1. */
    int innermost(int thread, long time) {
        if (thread < 0 || thread >= threadFrom.length) {
            return -1;
        }
        int low = threadFrom[thread];
        int high = threadTo[thread] - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (data.rangeStart.get(sorted[middle]) <= time) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        while (found >= 0 && data.rangeEnd.get(sorted[found]) <= time) {
            found = parent[found];
        }
        return found;
    }

    /** The range (an index into the trace's ranges) at {@code position}. */
    int range(int position) {
        return sorted[position];
    }

    int depth(int position) {
        return depth[position];
    }

    /** The nesting depth of a range of this kind, by its index into the trace's ranges. */
    int depthOfRange(int range) {
        return depthByRange[range];
    }
}
