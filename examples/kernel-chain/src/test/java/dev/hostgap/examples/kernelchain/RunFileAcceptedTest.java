package dev.hostgap.examples.kernelchain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hostgap.harness.Environment;
import dev.hostgap.harness.ForkResults;
import dev.hostgap.harness.RunFile;
import dev.hostgap.runner.UploadDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run file this example writes is the document hostgap's runner uploads (read here with the
 * runner's own {@link UploadDocument}, unknown fields refused) and passes the platform's checks of an
 * upload (docs/api.md; the platform's RunValidator, restated below). The per-fork numbers are made
 * up: this runs without a GPU and checks the file's form, not a measurement.
 */
class RunFileAcceptedTest {

    private static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    @Test
    void theExamplesRunFileIsTheDocumentTheRunnerUploadsAndThePlatformAccepts() throws Exception {
        List<RunFile.Result> results = new ArrayList<>(ForkResults.assemble(RunKernelChain.SERIES.get("fusedKernel"),
                RunKernelChain.VERSION, Map.of("n", "4096"), List.of(4.1, 4.3, 4.2), List.of(2.0, 2.1, 1.9),
                KernelChainBenchmark.KERNELS.sha256()));
        results.add(RunKernelChain.results(List.of(), List.of()).stream() // a benchmark that failed in every fork
                .filter(r -> r.benchmark().equals("kernelchain.three_kernels")).findFirst().orElseThrow());
        Environment environment = new Environment("NVIDIA H100 80GB HBM3", "570.86.15", "12.8", "jcuda-12.6.0",
                "17.0.15+6 OpenJDK 64-Bit Server VM", "gpu-node-1", Map.of("sm_count", "132", "device_ordinal", "0"));
        RunFile run = RunFile.of("kernel-chain", RunKernelChain.commit(Map.of("HOSTGAP_SHA", SHA, "HOSTGAP_BRANCH", "main")),
                environment, results);

        Path file = run.write(dir.resolve("hostgap-result.json"));

        JsonNode written = STRICT.readTree(Files.readString(file));
        UploadDocument asTheRunnerReadsIt = STRICT.readValue(file.toFile(), UploadDocument.class);
        assertThat((JsonNode) STRICT.valueToTree(asTheRunnerReadsIt)).as("every field survives the runner's document").isEqualTo(written);
        assertThat(asTheRunnerReadsIt.results()).hasSize(5);
        assertThat(platformProblems(written)).isEmpty();
        // kept for ci-templates/test/run-templates.sh, which hands it to the real agent and to upload
        // where no run file recorded on a GPU is in recorded/
        Files.copy(file, Files.createDirectories(Path.of("target")).resolve("stand-in-run.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aPullRequestsRunNamesItsBaseAndNoBranchAndIsStillTheRunnersDocument() throws Exception {
        RunFile run = RunFile.of("kernel-chain", RunKernelChain.commit(Map.of("HOSTGAP_SHA", SHA, "HOSTGAP_BRANCH", "topic")),
                new Environment("NVIDIA H200", "580.95.05", "13.0", "jcuda-12.6.0", "17", "gpu-node-1", Map.of()),
                RunKernelChain.results(List.of(), List.of())).forPullRequest(7, "f".repeat(40));

        Path file = run.write(dir.resolve("pr.json"));

        JsonNode written = STRICT.readTree(Files.readString(file));
        assertThat(written.path("pullRequest").path("number").asInt()).isEqualTo(7);
        assertThat(written.path("commit").has("branch")).as("a pull request's run moves no branch").isFalse();
        assertThat((JsonNode) STRICT.valueToTree(STRICT.readValue(file.toFile(), UploadDocument.class))).isEqualTo(written);
        assertThat(platformProblems(written)).isEmpty();
        assertThat(platformProblems(STRICT.valueToTree(run.forPullRequest(0, "abc")))).contains("pullRequest");
    }

    @Test
    void everyBenchmarkAndSizeIsASeriesEvenWhenJmhReportedNothing() {
        List<RunFile.Result> results = RunKernelChain.results(List.of(), List.of());
        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.error()).contains("failed in every fork"));
        assertThat(results).extracting(RunFile.Result::benchmark)
                .containsExactlyInAnyOrder("kernelchain.fused", "kernelchain.fused", "kernelchain.three_kernels", "kernelchain.three_kernels");
    }

    @Test
    void aRunWithoutAFullShaIsRefusedBeforeMeasuring() {
        assertThatThrownBy(() -> RunKernelChain.commit(Map.of())).hasMessageContaining("HOSTGAP_SHA");
        assertThatThrownBy(() -> RunKernelChain.commit(Map.of("HOSTGAP_SHA", "abc1234"))).hasMessageContaining("abc1234");
    }

    /** The restated rules catch what they are meant to, so an empty list above means something. */
    @Test
    void theRestatedPlatformRulesRejectABadRun() {
        JsonNode bad = STRICT.valueToTree(new RunFile("2.0", "x", "", new RunFile.Commit("ABC", null, null), null, List.of(), null));
        assertThat(platformProblems(bad)).contains("schemaVersion");
        JsonNode badResults = STRICT.valueToTree(RunFile.of("p", new RunFile.Commit(SHA, null, null),
                new Environment("gpu", null, null, null, null, null, null),
                List.of(new RunFile.Result("b", -1, Map.of("bad name", "v"), "m", "us", "up", List.of(-1.0), "e", null),
                        new RunFile.Result("b", -1, Map.of("bad name", "v"), "m", "us", "up", List.of(-1.0), "e", null))));
        assertThat(platformProblems(badResults)).contains("results[0].version", "results[0].direction", "results[0].params",
                "results[0].samples", "results[0].samples[0]", "results[1]");
    }

    @Test
    void theCommittedKernelBinaryWasBuiltFromTheCommittedSource() throws Exception {
        byte[] source = Files.readAllBytes(Path.of("src/main/cuda/kernel_chain.cu"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)))
                .as("kernel_chain.cu changed without regenerating the binary: run build-kernels.sh and commit its outputs")
                .isEqualTo(Files.readString(Path.of("src/main/resources/dev/hostgap/examples/kernelchain/kernel_chain.cu.sha256")).trim());
    }

    /** The fields the platform's RunValidator would name for this body (schema 1.x), empty when it accepts it. */
    private static List<String> platformProblems(JsonNode run) {
        List<String> problems = new ArrayList<>();
        String schema = text(run, "schemaVersion");
        if (schema == null || !schema.matches("1(\\.\\d{1,9}){0,3}")) {
            return List.of("schemaVersion");
        }
        if (text(run, "runId") != null && !isUuid(text(run, "runId"))) {
            problems.add("runId");
        }
        require(problems, "project", text(run, "project"));
        JsonNode commit = run.get("commit");
        if (commit == null || text(commit, "sha") == null || !text(commit, "sha").matches("[0-9a-f]{40}")) {
            problems.add("commit.sha");
        }
        JsonNode pullRequest = run.get("pullRequest");
        if (pullRequest != null && !pullRequest.isNull() && (pullRequest.path("number").asInt(0) < 1
                || !pullRequest.path("baseSha").asString("").matches("[0-9a-f]{40}") || text(commit, "branch") != null)) {
            problems.add("pullRequest");
        }
        JsonNode environment = run.get("environment");
        require(problems, "environment.gpu", environment == null ? null : text(environment, "gpu"));
        if (environment != null && environment.has("attributes")) {
            environment.get("attributes").properties().forEach(a -> {
                if (!a.getKey().matches("[A-Za-z0-9_.-]{1,100}") || !a.getValue().isString()) {
                    problems.add("environment.attributes");
                }
            });
        }
        JsonNode results = run.get("results");
        if (results == null || results.isEmpty()) {
            problems.add("results");
            return problems;
        }
        Set<String> series = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            String at = "results[" + i + "]";
            for (String field : List.of("benchmark", "metric", "unit")) {
                require(problems, at + "." + field, text(r, field));
            }
            if (!r.has("version") || r.get("version").asInt() < 0) {
                problems.add(at + ".version");
            }
            if (!List.of("lower_is_better", "higher_is_better").contains(text(r, "direction"))) {
                problems.add(at + ".direction");
            }
            if (r.has("params") && r.get("params").properties().stream()
                    .anyMatch(p -> !p.getKey().matches("[A-Za-z0-9_.-]{1,100}") || !p.getValue().isString())) {
                problems.add(at + ".params");
            }
            boolean hasSamples = r.has("samples") && !r.get("samples").isEmpty();
            boolean hasError = text(r, "error") != null && !text(r, "error").isBlank();
            if (hasSamples == hasError) {
                problems.add(at + ".samples");
            }
            for (int j = 0; hasSamples && j < r.get("samples").size(); j++) {
                double s = r.get("samples").get(j).asDouble();
                if (!r.get("samples").get(j).isNumber() || !Double.isFinite(s) || s < 0 || s > 1e15) {
                    problems.add(at + ".samples[" + j + "]");
                }
            }
            if (!series.add(text(r, "benchmark") + "|" + r.get("version") + "|" + r.get("params") + "|" + text(r, "metric"))) {
                problems.add(at);
            }
        }
        return problems;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static void require(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field);
        }
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
