package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.type.TypeReference;

/** One line of the GPU-times file a fork appends to (see GpuWorkload): forks append in run order. */
record GpuTime(String benchmark, Map<String, String> params, double gpuUsPerOp, long pid) {

    static List<GpuTime> read(Path file) throws IOException {
        List<GpuTime> times = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                GpuTime t = Json.MAPPER.readValue(line, new TypeReference<GpuTime>() { });
                times.add(new GpuTime(t.benchmark(), new TreeMap<>(t.params()), t.gpuUsPerOp(), t.pid()));
            }
        }
        return times;
    }
}
