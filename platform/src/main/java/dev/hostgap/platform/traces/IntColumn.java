package dev.hostgap.platform.traces;

import java.util.Arrays;

/**
 * A growable array of ints: one column of the trace's events, with no object per event. Stored in
 * chunks of 32 Ki values (under half a G1 region, so never humongous) (the first one grows up to that) so that growing never copies a large column
 * nor leaves more than one chunk unused.
 */
final class IntColumn {

    private static final int SHIFT = 15;
    private static final int CHUNK = 1 << SHIFT;

    private int[][] chunks = new int[16][];
    private int size;

    void add(int value) {
        int chunk = size >>> SHIFT;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new int[chunk == 0 ? 256 : CHUNK];
        } else if (chunk == 0 && size == chunks[0].length) {
            chunks[0] = Arrays.copyOf(chunks[0], size * 2);
        }
        chunks[chunk][size & (CHUNK - 1)] = value;
        size++;
    }

    int get(int index) {
        return chunks[index >>> SHIFT][index & (CHUNK - 1)];
    }

    int size() {
        return size;
    }
}
