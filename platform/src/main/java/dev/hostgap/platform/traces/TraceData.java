package dev.hostgap.platform.traces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the analysis needs from one trace, whatever its format, as columns of primitives: GPU
 * activities, CUDA runtime/driver calls, CPU ranges (operators and Python frames) and profiler steps.
 * Times are nanoseconds. Readers fill it; {@link TraceAnalysis} reads it.
 */
final class TraceData {

    static final int KERNEL = 0;
    static final int MEMCPY = 1;
    static final int MEMSET = 2;
    static final int COMMUNICATION = 3;

    static final int OPERATOR = 0;
    static final int PYTHON = 1;

    final String format;
    final NameTable names;
    private final int maxDevices;
    private final int maxThreads;

    final LongColumn gpuStart = new LongColumn();
    final LongColumn gpuEnd = new LongColumn();
    final IntColumn gpuDevice = new IntColumn();
    final IntColumn gpuStream = new IntColumn();
    final LongColumn gpuCorrelation = new LongColumn();
    final IntColumn gpuKind = new IntColumn();
    final IntColumn gpuName = new IntColumn();
    final LongColumn gpuBytes = new LongColumn();

    final LongColumn callStart = new LongColumn();
    final LongColumn callEnd = new LongColumn();
    final IntColumn callThread = new IntColumn();
    final LongColumn callCorrelation = new LongColumn();
    final IntColumn callName = new IntColumn();
    final IntColumn callKind = new IntColumn();

    final LongColumn rangeStart = new LongColumn();
    final LongColumn rangeEnd = new LongColumn();
    final IntColumn rangeThread = new IntColumn();
    final IntColumn rangeName = new IntColumn();
    final IntColumn rangeKind = new IntColumn();

    final LongColumn stepStart = new LongColumn();
    final LongColumn stepEnd = new LongColumn();
    final IntColumn stepNumber = new IntColumn();

    /** Device numbers in the order first seen; an activity's device is an index into this list. */
    final List<Integer> devices = new ArrayList<>();
    private final Map<Integer, Integer> deviceIndex = new HashMap<>();
    final List<String> threads = new ArrayList<>();
    private final Map<String, Integer> threadIndex = new HashMap<>();

    long events;
    /** Relevant events without a time or with a negative duration, left out of the analysis. */
    long skippedEvents;

    TraceData(String format, TraceLimits limits) {
        this.format = format;
        this.names = new NameTable(limits.maxNames());
        this.maxDevices = limits.maxDevices();
        this.maxThreads = limits.maxThreads();
    }

    void addGpu(long start, long end, int device, int stream, long correlation, int kind, String name, long bytes)
            throws TraceRejected {
        gpuStart.add(start);
        gpuEnd.add(end);
        gpuDevice.add(device(device));
        gpuStream.add(stream);
        gpuCorrelation.add(correlation);
        gpuKind.add(kind == KERNEL && isCommunication(name) ? COMMUNICATION : kind);
        gpuName.add(names.intern(name));
        gpuBytes.add(bytes);
    }

    void addCall(long start, long end, String thread, long correlation, String name) throws TraceRejected {
        callStart.add(start);
        callEnd.add(end);
        callThread.add(thread(thread));
        callCorrelation.add(correlation);
        callName.add(names.intern(name));
        callKind.add(RuntimeCalls.kindOf(name));
    }

    void addRange(long start, long end, String thread, String name, int kind) throws TraceRejected {
        rangeStart.add(start);
        rangeEnd.add(end);
        rangeThread.add(thread(thread));
        rangeName.add(names.intern(name));
        rangeKind.add(kind);
    }

    /** Adds a {@code ProfilerStep#N} range; returns false when the name is not one. */
    boolean addStepIfNamed(long start, long end, String name) {
        int number = stepNumberOf(name);
        if (number < 0) {
            return false;
        }
        stepStart.add(start);
        stepEnd.add(end);
        stepNumber.add(number);
        return true;
    }

    static int stepNumberOf(String name) {
        if (name == null || !name.startsWith("ProfilerStep#") || name.length() == 13 || name.length() > 22) {
            return -1;
        }
        long number = 0;
        for (int i = 13; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number > Integer.MAX_VALUE ? -1 : (int) number;
    }

    static boolean isCommunication(String kernelName) {
        return kernelName != null && kernelName.toLowerCase(java.util.Locale.ROOT).contains("nccl");
    }

    private int device(int device) throws TraceRejected {
        Integer index = deviceIndex.get(device);
        if (index != null) {
            return index;
        }
        if (devices.size() >= maxDevices) {
            throw new TraceRejected("the trace has more than " + maxDevices + " GPU devices");
        }
        deviceIndex.put(device, devices.size());
        devices.add(device);
        return devices.size() - 1;
    }

    private int thread(String thread) throws TraceRejected {
        Integer index = threadIndex.get(thread);
        if (index != null) {
            return index;
        }
        if (threads.size() >= maxThreads) {
            throw new TraceRejected("the trace has more than " + maxThreads + " CPU threads");
        }
        threadIndex.put(thread, threads.size());
        threads.add(thread);
        return threads.size() - 1;
    }

    int gpuCount() {
        return gpuStart.size();
    }

    int callCount() {
        return callStart.size();
    }

    int rangeCount() {
        return rangeStart.size();
    }

    int stepCount() {
        return stepStart.size();
    }
}
