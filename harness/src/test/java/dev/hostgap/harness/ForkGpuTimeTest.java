package dev.hostgap.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ForkGpuTimeTest {

    /** The line format hostgap's runner (GpuTime) reads: benchmark, params as strings, gpuUsPerOp, pid. */
    @Test
    void readsTheLinesForksAppendIncludingNamesThatNeedEscaping(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gpu.jsonl"),
                "{\"benchmark\":\"a.B.m\",\"params\":{\"n\":\"4\"},\"gpuUsPerOp\":1.5,\"pid\":7}\n\n"
                + Json.MAPPER.writeValueAsString(new ForkGpuTime("a.B.\"q\"", Map.of(), 2.0, 8)) + "\n");

        List<ForkGpuTime> times = ForkGpuTime.read(file);

        assertThat(times).containsExactly(new ForkGpuTime("a.B.m", Map.of("n", "4"), 1.5, 7),
                new ForkGpuTime("a.B.\"q\"", Map.of(), 2.0, 8));
    }
}
