package dev.hostgap.platform.traces;

/**
 * The links between a trace's events that every figure needs: which runtime call launched each GPU
 * activity (same correlation id; the kernels of a CUDA graph replay share their {@code cudaGraphLaunch}'s),
 * which step each activity and call belongs to, and the threads' operator and Python frame ranges.
 * An activity belongs to the step holding its launching call's start, else the step holding its own start.
 */
final class TraceIndex {

    final TraceData data;
    final Steps steps;
    final int[] launch;
    final int[] activityStep;
    final int[] callStep;
    final int[] callDevice;
    final long[] synchronizationsPerStep;
    final ThreadRanges operators;
    final ThreadRanges python;
    final long origin;

    TraceIndex(TraceData data) {
        this.data = data;
        this.steps = new Steps(data);
        int gpu = data.gpuCount();
        int calls = data.callCount();

        int[] byCorrelation = callsByCorrelation(data);
        launch = new int[gpu];
        activityStep = new int[gpu];
        callDevice = new int[calls];
        java.util.Arrays.fill(callDevice, -1);
        long earliest = Long.MAX_VALUE;
        for (int g = 0; g < gpu; g++) {
            long correlation = data.gpuCorrelation.get(g);
            int call = correlation > 0 ? find(data, byCorrelation, correlation) : -1;
            launch[g] = call;
            int step = call >= 0 ? steps.at(data.callStart.get(call)) : -1;
            activityStep[g] = step >= 0 ? step : steps.at(data.gpuStart.get(g));
            if (call >= 0 && callDevice[call] < 0) {
                callDevice[call] = data.gpuDevice.get(g);
            }
            earliest = Math.min(earliest, data.gpuStart.get(g));
        }
        callStep = new int[calls];
        synchronizationsPerStep = new long[steps.slots()];
        for (int c = 0; c < calls; c++) {
            callStep[c] = steps.at(data.callStart.get(c));
            if (callStep[c] >= 0 && data.callKind.get(c) == RuntimeCalls.SYNCHRONIZATION) {
                synchronizationsPerStep[callStep[c]]++;
            }
            earliest = Math.min(earliest, data.callStart.get(c));
        }
        for (int r = 0; r < data.rangeCount(); r++) {
            earliest = Math.min(earliest, data.rangeStart.get(r));
        }
        for (int s = 0; s < data.stepCount(); s++) {
            earliest = Math.min(earliest, data.stepStart.get(s));
        }
        origin = earliest;
        operators = new ThreadRanges(data, TraceData.OPERATOR);
        python = new ThreadRanges(data, TraceData.PYTHON);
    }

    /** The calls with a correlation id, sorted by it (then by index: the first call of an id wins). */
    private static int[] callsByCorrelation(TraceData data) {
        int count = 0;
        for (int c = 0; c < data.callCount(); c++) {
            if (data.callCorrelation.get(c) > 0) {
                count++;
            }
        }
        int[] sorted = new int[count];
        int next = 0;
        for (int c = 0; c < data.callCount(); c++) {
            if (data.callCorrelation.get(c) > 0) {
                sorted[next++] = c;
            }
        }
        IndexSort.sort(sorted, count, (a, b) -> Long.compare(data.callCorrelation.get(a), data.callCorrelation.get(b)));
        return sorted;
    }

    /** The first call with {@code correlation}, or -1. */
    private static int find(TraceData data, int[] byCorrelation, long correlation) {
        int low = 0;
        int high = byCorrelation.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (data.callCorrelation.get(byCorrelation[middle]) < correlation) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low < byCorrelation.length && data.callCorrelation.get(byCorrelation[low]) == correlation
                ? byCorrelation[low] : -1;
    }
}
