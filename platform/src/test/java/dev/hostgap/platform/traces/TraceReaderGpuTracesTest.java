package dev.hostgap.platform.traces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The nine PyTorch traces recorded on an H100 (docs/gpu/2026-12-07-traces: one small model run eagerly,
 * with a `.item()` check per step, and replayed as one CUDA graph; three recordings each) give, on every
 * device, the idle percent, span and busy time that record_traces.py computed there independently of hostgap.
 */
class TraceReaderGpuTracesTest {

    static final Path DIR = Path.of("..", "docs", "gpu", "2026-12-07-traces");

    @TempDir
    Path temp;

    @Test
    void everyRecordedTraceHasTheReferenceFiguresOnEveryDevice() throws Exception {
        JsonNode reference = JsonMapper.builder().build().readTree(DIR.resolve("reference.json").toFile()).get("traces");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> trace : reference.properties()) {
            TraceSummary summary = TraceReader.read(DIR.resolve(trace.getKey()), TraceLimits.defaults(temp));
            assertThat(summary.devices()).as(trace.getKey()).hasSize(trace.getValue().size());
            for (TraceSummary.DeviceSummary device : summary.devices()) {
                JsonNode expected = trace.getValue().get(device.device().substring("cuda:".length()));
                assertThat(device.idlePercent()).as(trace.getKey() + " idle").isCloseTo(expected.get("idlePercent").asDouble(), within(0.01));
                assertThat(device.spanUs()).as(trace.getKey() + " span").isCloseTo(expected.get("spanUs").asDouble(), within(0.01));
                assertThat(device.busyUs()).as(trace.getKey() + " busy").isCloseTo(expected.get("busyUs").asDouble(), within(0.01));
                assertThat(device.steps()).as("ProfilerStep#3 to #8").hasSize(6);
            }
            checked.add(trace.getKey());
        }
        assertThat(checked).hasSize(9);
        assertThat(Files.list(temp)).as("nothing left behind").isEmpty();
    }

    @Test
    void theCudaGraphReplaySitsIdleFarLessThanTheEagerModelAndTheCheckAddsASyncAndACopyPerStep() throws Exception {
        TraceSummary.DeviceSummary eager = TraceReader.read(DIR.resolve("eager-1.json.gz"), TraceLimits.defaults(temp)).devices().get(0);
        TraceSummary.DeviceSummary sync = TraceReader.read(DIR.resolve("sync-1.json.gz"), TraceLimits.defaults(temp)).devices().get(0);
        TraceSummary.DeviceSummary graph = TraceReader.read(DIR.resolve("graph-1.json.gz"), TraceLimits.defaults(temp)).devices().get(0);
        assertThat(graph.idlePercent()).isLessThan(eager.idlePercent() / 2);
        assertThat(graph.steps()).allSatisfy(s -> assertThat(s.kernelLaunches()).as("one cudaGraphLaunch per step").isEqualTo(1));
        assertThat(eager.steps()).allSatisfy(s -> assertThat(s.synchronizations()).isZero());
        assertThat(sync.steps()).allSatisfy(s -> {
            assertThat(s.synchronizations()).isGreaterThanOrEqualTo(1);
            assertThat(s.memcpyCount()).isEqualTo(1);
        });
        assertThat(eager.steps().get(0).kernelLaunches()).isEqualTo(40);
        assertThat(sync.gapCauses()).filteredOn(c -> c.pythonFrame() != null && c.pythonFrame().contains("method item of"))
                .as("the .item() check's gaps: one cause, whatever object each step's call was bound to")
                .singleElement().satisfies(c -> {
                    assertThat(c.operator()).isEqualTo("aten::_local_scalar_dense");
                    assertThat(c.pythonFrame()).isEqualTo("<built-in method item of Tensor object>");
                    assertThat(c.gaps()).as("one per step").isEqualTo(6);
                });
    }
}
