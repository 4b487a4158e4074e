package dev.hostgap.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class RunFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheUploadBodyWithSchemaVersionAndWithoutNullFields() throws Exception {
        Environment environment = new Environment("NVIDIA H100", "570.86.15", "12.8", "jcuda-12.6.0", "17", "node1",
                Map.of("sm_count", "132"));
        RunFile run = RunFile.of("acme", new RunFile.Commit("a".repeat(40), "main", null), environment,
                List.of(RunFile.Result.lowerIsBetter("chain.fused", 1, Map.of("n", "4096"), "host_us_per_op", "us",
                        List.of(3.0, 3.1), "abc")));

        JsonNode json = Json.MAPPER.readTree(Files.readString(run.write(dir.resolve("out/run.json"))));

        assertThat(json.get("schemaVersion").asString()).isEqualTo("1.0");
        assertThat(json.get("runId").asString()).hasSize(36);
        assertThat(json.get("commit").has("parents")).isFalse();
        assertThat(json.get("environment").get("attributes").get("sm_count").asString()).isEqualTo("132");
        JsonNode result = json.get("results").get(0);
        assertThat(result.has("error")).isFalse();
        assertThat(result.get("samples").size()).isEqualTo(2);
        assertThat(result.get("params").get("n").asString()).isEqualTo("4096");
        assertThat(result.get("direction").asString()).isEqualTo("lower_is_better");
    }
}
