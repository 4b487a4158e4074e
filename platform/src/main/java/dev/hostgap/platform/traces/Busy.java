package dev.hostgap.platform.traces;

/**
 * Unions of GPU activity intervals. Every method takes activity indices sorted by start and a range of
 * them, and merges overlapping intervals as it goes, so a union costs one pass and no allocation.
 */
final class Busy {

    static final int ALL = -1;
    static final int COMPUTE = 1 << TraceData.KERNEL;
    static final int MEMORY = (1 << TraceData.MEMCPY) | (1 << TraceData.MEMSET);
    static final int COMMUNICATION = 1 << TraceData.COMMUNICATION;

    /** Receives each idle gap: from the end of one busy interval to the start of the next. */
    @FunctionalInterface
    interface GapSink {
        void gap(long start, long end, int endingActivity);
    }

    private Busy() {
    }

    /** Nanoseconds covered by the activities in {@code sorted[from, to)} whose kind is in {@code kinds}. */
    static long union(TraceData data, int[] sorted, int from, int to, int kinds) {
        long total = 0;
        long currentStart = 0;
        long currentEnd = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            int activity = sorted[i];
            if (((1 << data.gpuKind.get(activity)) & kinds) == 0) {
                continue;
            }
            long start = data.gpuStart.get(activity);
            long end = data.gpuEnd.get(activity);
            if (start > currentEnd) {
                if (currentEnd != Long.MIN_VALUE) {
                    total += currentEnd - currentStart;
                }
                currentStart = start;
                currentEnd = end;
            } else if (end > currentEnd) {
                currentEnd = end;
            }
        }
        return currentEnd == Long.MIN_VALUE ? 0 : total + currentEnd - currentStart;
    }

    /** Reports every gap between the busy intervals of {@code sorted[from, to)}, with the activity that ends it. */
    static void gaps(TraceData data, int[] sorted, int from, int to, GapSink sink) {
        long currentEnd = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            int activity = sorted[i];
            long start = data.gpuStart.get(activity);
            if (currentEnd != Long.MIN_VALUE && start > currentEnd) {
                sink.gap(currentEnd, start, activity);
            }
            currentEnd = Math.max(currentEnd, data.gpuEnd.get(activity));
        }
    }

    /** The first start to the last end of {@code sorted[from, to)}, 0 when empty. */
    static long span(TraceData data, int[] sorted, int from, int to) {
        if (from >= to) {
            return 0;
        }
        long end = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            end = Math.max(end, data.gpuEnd.get(sorted[i]));
        }
        return end - data.gpuStart.get(sorted[from]);
    }
}
