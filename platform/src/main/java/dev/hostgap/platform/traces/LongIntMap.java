package dev.hostgap.platform.traces;

import java.util.Arrays;

/**
 * An open-addressing map from long keys (correlation ids) to int values (event indices); the first
 * value put for a key wins, which is what a CUDA graph's kernels sharing one correlation need.
 */
final class LongIntMap {

    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, -1);
    }

    void putIfAbsent(long key, int value) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int slot = slot(key);
        if (values[slot] == -1) {
            keys[slot] = key;
            values[slot] = value;
            size++;
        }
    }

    /** The value for {@code key}, or -1. */
    int get(long key) {
        return values[slot(key)];
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (values[slot] != -1 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != -1) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }
}
