package dev.hostgap.platform.traces;

/**
 * The trace's profiler steps ({@code ProfilerStep#N} CPU ranges) in start order, answering which step
 * holds a moment. A trace without steps has one slot, the whole trace, which holds every moment.
 */
final class Steps {

    private final long[] starts;
    private final long[] ends;
    private final int[] numbers;
    private final boolean marked;

    Steps(TraceData data) {
        int count = data.stepCount();
        int[] order = IndexSort.identity(count);
        IndexSort.sort(order, count, (a, b) -> Long.compare(data.stepStart.get(a), data.stepStart.get(b)));
        marked = count > 0;
        starts = new long[Math.max(count, 1)];
        ends = new long[Math.max(count, 1)];
        numbers = new int[Math.max(count, 1)];
        numbers[0] = -1;
        for (int i = 0; i < count; i++) {
            starts[i] = data.stepStart.get(order[i]);
            ends[i] = data.stepEnd.get(order[i]);
            numbers[i] = data.stepNumber.get(order[i]);
        }
    }

    /** Whether the trace marks steps; when not, {@link #slots()} is 1 and the slot is the whole trace. */
    boolean marked() {
        return marked;
    }

    int slots() {
        return numbers.length;
    }

    int number(int slot) {
        return numbers[slot];
    }

    long start(int slot) {
        return starts[slot];
    }

    long end(int slot) {
        return ends[slot];
    }

    /** The slot of the step whose range [start, end) holds {@code time}, or -1. */
    int at(long time) {
        if (!marked) {
            return 0;
        }
        int low = 0;
        int high = starts.length - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (starts[middle] <= time) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found >= 0 && time < ends[found] ? found : -1;
    }
}
