package dev.hostgap.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One fork's GPU-busy time per operation. JMH measures host time per fork but knows nothing of the
 * GPU, so each fork measures its GPU time with {@link GpuTimer} at the end of the trial and appends
 * it, as one JSON line, to the file the launching JVM names in the system property
 * {@value #PROPERTY}; the launcher then pairs the lines with JMH's forks ({@link ForkResults}).
 * hostgap's runner reads the same file.
 */
public record ForkGpuTime(String benchmark, Map<String, String> params, double gpuUsPerOp, long pid) {

    /** The system property (passed to every fork with {@code -D}) naming the file the forks append to. */
    public static final String PROPERTY = "hostgap.gpu-times";

    /**
     * Appends this fork's GPU time for the benchmark JMH is running; does nothing when
     * {@value #PROPERTY} is not set (a benchmark run by hand, without a launcher that collects).
     */
    public static void record(BenchmarkParams params, double gpuUsPerOp) {
        String file = System.getProperty(PROPERTY);
        if (file == null) {
            return;
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            values.put(key, params.getParam(key));
        }
        ForkGpuTime line = new ForkGpuTime(params.getBenchmark(), values, gpuUsPerOp, ProcessHandle.current().pid());
        try {
            Files.writeString(Path.of(file), Json.MAPPER.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record GPU time in " + file, e);
        }
    }

    /** Every line of a GPU-times file, in the order the forks ran. */
    public static List<ForkGpuTime> read(Path file) {
        List<ForkGpuTime> times = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    ForkGpuTime t = Json.MAPPER.readValue(line, ForkGpuTime.class);
                    times.add(new ForkGpuTime(t.benchmark(), new TreeMap<>(t.params()), t.gpuUsPerOp(), t.pid()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GPU times from " + file, e);
        }
        return times;
    }
}
