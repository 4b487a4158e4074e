package dev.hostgap.platform.traces;

import java.util.Arrays;

/** A growable array of longs: one column of the trace's events, with no object per event. */
final class LongColumn {

    private long[] values = new long[1024];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1));
        }
        values[size++] = value;
    }

    long get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }
}
