package dev.hostgap.workloads;

import java.util.List;
import java.util.Map;

/**
 * A versioned workload: its id ({@code launch.enqueue}), version, family, the JMH method that
 * measures it and its parameter axes. Bump {@code version} whenever the kernel or the timed region
 * changes, so old and new numbers never share a series.
 */
public record Workload(String id, int version, String family, String jmhBenchmark,
                       Map<String, List<String>> axes, String description) {

    /** The JMH benchmark's simple method name, as JMH reports it at the end of the full name. */
    public String jmhMethod() {
        return jmhBenchmark.substring(jmhBenchmark.lastIndexOf('.') + 1);
    }
}
