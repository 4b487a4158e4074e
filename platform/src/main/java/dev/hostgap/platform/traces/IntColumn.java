package dev.hostgap.platform.traces;

import java.util.Arrays;

/** A growable array of ints: one column of the trace's events, with no object per event. */
final class IntColumn {

    private int[] values = new int[1024];
    private int size;

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1));
        }
        values[size++] = value;
    }

    int get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }
}
