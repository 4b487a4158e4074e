package dev.hostgap.platform.traces;

import java.util.List;

/**
 * Two commits' traces of one name, side by side. Figures are means per profiler step over every trace of
 * that name at the commit (a commit measured several times has several). {@code explanation} says in one
 * line how the idle time moved and which operator's gaps moved it most, e.g.
 * "+38.2 µs idle per step (12.1% → 19.4%), +31.0 µs of it after aten::item".
 */
public record TraceComparison(String name, String base, String head, int baseTraces, int headTraces, List<DeviceComparison> devices) {

    public record DeviceComparison(String device, Breakdown base, Breakdown head, List<CauseChange> causes, String explanation) {
    }

    /** Means per step; null on a side with no trace of this device. */
    public record Breakdown(int steps, double idlePercent, double idleUs, double busyUs, double computeUs, double memoryUs,
                            double communicationUs, double kernelLaunches, double synchronizations, double memcpyCount,
                            double launchDelayUsP50) {
    }

    /** Idle time per step after one operator, at each side, and the change (head − base). */
    public record CauseChange(String operator, String pythonFrame, double baseIdleUsPerStep, double headIdleUsPerStep,
                              double changeUs) {
    }
}
