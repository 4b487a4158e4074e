package dev.hostgap.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CommandLineTest {

    static final String SHA = "a".repeat(40);

    @Test
    void listsEveryWorkloadWithVersionAndAxes() {
        var out = capture(() -> HostgapRunner.execute("list"));
        assertThat(out.code()).isZero();
        assertThat(out.stdout()).contains("launch.enqueue", "v3", "args=0|4|16", "transfer.positions", "mode=pageable|pinned|device");
    }

    @Test
    void refusesBadShaAndMissingDestinationAsUsageErrors() {
        assertThat(capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", "abc", "--out", "x.json")).code())
                .isEqualTo(ExitCode.USAGE);
        var noDestination = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA));
        assertThat(noDestination.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noDestination.stderr()).contains("--server URL, --out FILE");
    }

    @Test
    void refusesARunThatExceedsItsTimeBudget() {
        var result = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA, "--out", "x.json",
                "--forks", "10", "--time-budget", "1m"));
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("exceeds --time-budget");
    }

    @Test
    void refusesARepeatOutsideOneToHundred() {
        var result = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA, "--out", "x.json", "--repeat", "0"));
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("--repeat must be between 1 and 100");
    }

    @Test
    void countsRepeatedRunsInTheTimeEstimate() {
        var once = capture(() -> HostgapRunner.execute("run", "launch.enqueue", "--project", "p", "--sha", SHA,
                "--out", "x.json", "--forks", "2", "-wi", "1", "-i", "1", "--iteration-time", "100ms", "--time-budget", "30s"));
        var thrice = capture(() -> HostgapRunner.execute("run", "launch.enqueue", "--project", "p", "--sha", SHA,
                "--out", "x.json", "--forks", "2", "-wi", "1", "-i", "1", "--iteration-time", "100ms", "--repeat", "3", "--time-budget", "30s"));
        assertThat(once.stderr()).contains("3 parameter sets x 2 forks x 1 run(s)").doesNotContain("exceeds --time-budget");
        assertThat(thrice.code()).isEqualTo(ExitCode.USAGE);
        assertThat(thrice.stderr()).contains("x 3 run(s)", "exceeds --time-budget");
    }

    @Test
    void numbersTheFilesOfRepeatedRuns() {
        assertThat(RunCommand.outFile(java.nio.file.Path.of("out/runs.json"), 2, 3)).isEqualTo(java.nio.file.Path.of("out/runs-2.json"));
        assertThat(RunCommand.outFile(java.nio.file.Path.of("runs"), 1, 2)).isEqualTo(java.nio.file.Path.of("runs-1"));
        assertThat(RunCommand.outFile(java.nio.file.Path.of("runs.json"), 1, 1)).isEqualTo(java.nio.file.Path.of("runs.json"));
    }

    @Test
    void saysSoWhenThereIsNoNvidiaDriver() {
        assumeFalse(GpuSmokeCheck.driverLoads(), "this machine has a CUDA driver");
        var result = capture(() -> HostgapRunner.execute("run", "launch", "--project", "p", "--sha", SHA, "--out",
                "target/never-written.json"));
        assertThat(result.code()).isEqualTo(ExitCode.NO_DRIVER);
        assertThat(result.stderr()).contains("No NVIDIA driver");
    }

    @Test
    void printsTheEnvironmentWithGpuNoneWhereNoDriverLoads() {
        assumeFalse(GpuSmokeCheck.driverLoads(), "this machine has a CUDA driver");
        var result = capture(() -> HostgapRunner.execute("env"));

        assertThat(result.code()).isZero();
        JsonNode environment = Json.MAPPER.readTree(result.stdout());
        assertThat(fieldNames(environment)).containsExactlyInAnyOrder("gpu", "driver", "cuda", "runtime", "jvm", "host", "attributes");
        assertThat(environment.path("gpu").asString()).isEqualTo(gpuAsNvidiaSmiNamesIt());
        assertThat(environment.path("jvm").asString()).startsWith(String.valueOf(Runtime.version().feature()));
        assertThat(environment.path("attributes").path("gpu_probe").asString()).startsWith("No NVIDIA driver");
        assertThat(environment.path("attributes").path("device_ordinal").asString()).isEqualTo("0");
        assertThat(result.stderr()).contains("\"gpu\": \"" + environment.path("gpu").asString() + "\"", "'run' would refuse to start");
    }

    /** The other side of the test above, on a real GPU: the probe's device, no gpu_probe, nothing on stderr. */
    @Test
    @Tag("gpu")
    void printsTheGpuItMeasuresOnWhereADriverLoads() {
        assumeTrue(GpuSmokeCheck.driverLoads(), "no CUDA driver on this machine");
        var result = capture(() -> HostgapRunner.execute("env"));

        assertThat(result.code()).isZero();
        JsonNode environment = Json.MAPPER.readTree(result.stdout());
        assertThat(environment.path("gpu").asString()).isNotEqualTo("none").isNotBlank();
        assertThat(environment.path("attributes").has("gpu_probe")).isFalse();
        assertThat(environment.path("attributes").path("sm_count").asInt()).isPositive();
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void writesTheTimeBudgetItRefusesInSecondsUnderAMinute() {
        var result = capture(() -> HostgapRunner.execute("run", "launch.enqueue", "--project", "p", "--sha", SHA, "--out", "x.json",
                "--forks", "2", "-wi", "1", "-i", "1", "--iteration-time", "100ms", "--time-budget", "1s"));

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        // 3 parameter sets x 2 forks x (0.2 s of iterations + 2.5 s of fork overhead)
        assertThat(result.stderr()).contains("estimated 16.2 s", "the estimated 16.2 s exceeds --time-budget 1 s")
                .doesNotContain("0 min");
    }

    @Test
    void writesALongEstimateInHoursAndMinutes() {
        var result = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA, "--out", "x.json",
                "--repeat", "12", "--time-budget", "90m"));

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).containsPattern("estimated \\d+ h( \\d+ min)?( \\d+ s)? exceeds --time-budget 1 h 30 min:");
    }

    @Test
    void saysWhatADurationLooksLikeWhenOneCannotBeRead() {
        var result = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA, "--out", "x.json", "--time-budget", "1.5s"));

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("'1.5s' is not a duration like 500ms, 2s or 10m").doesNotContain("Exception");
    }

    @Test
    void refusesAPullRequestRunWithoutItsBaseOrWithABranchBeforeMeasuring() {
        var noBase = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA, "--out", "x.json", "--pull-request", "7"));
        var withBranch = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA, "--out", "x.json",
                "--pull-request", "7", "--base-sha", "b".repeat(40), "--branch", "main"));
        var shortBase = capture(() -> HostgapRunner.execute("run", "--project", "p", "--sha", SHA, "--out", "x.json",
                "--pull-request", "7", "--base-sha", "bbbbbbb"));

        assertThat(noBase.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noBase.stderr()).contains("--pull-request and --base-sha go together");
        assertThat(withBranch.code()).isEqualTo(ExitCode.USAGE);
        assertThat(withBranch.stderr()).contains("and no --branch");
        assertThat(shortBase.code()).isEqualTo(ExitCode.USAGE);
        assertThat(shortBase.stderr()).contains("--base-sha as 40 lowercase hex");
    }

    @Test
    void writesAPullRequestRunWithItsNumberAndBaseAndNoBranch() {
        RunCommand run = new RunCommand();
        run.project = "p";
        run.sha = SHA;
        run.parents = List.of("b".repeat(40));
        run.pullRequest = 7;
        run.baseSha = "b".repeat(40);
        EnvironmentReport environment = new EnvironmentReport("NVIDIA H200", "580.1", "13.0", "jcuda-12.6.0", "17", "node", Map.of());

        JsonNode document = Json.MAPPER.valueToTree(run.document(environment, List.of()));

        assertThat(document.path("pullRequest").path("number").asInt()).isEqualTo(7);
        assertThat(document.path("pullRequest").path("baseSha").asString()).isEqualTo("b".repeat(40));
        assertThat(document.path("commit").has("branch")).isFalse();
        run.pullRequest = null;
        run.baseSha = null;
        run.branch = "main";
        JsonNode branchRun = Json.MAPPER.valueToTree(run.document(environment, List.of()));
        assertThat(branchRun.has("pullRequest")).isFalse();
        assertThat(branchRun.path("commit").path("branch").asString()).isEqualTo("main");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    /** "none" on a machine without nvidia-smi (this one); a driver-less node whose nvidia-smi works is named by it. */
    private static String gpuAsNvidiaSmiNamesIt() {
        return NvidiaSmi.query().filter(report -> !report.gpus().isEmpty()).map(report -> report.gpus().get(0).name()).orElse("none");
    }

    record Captured(int code, String stdout, String stderr) {
    }

    static Captured capture(java.util.function.IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true));
        System.setErr(new PrintStream(stderr, true));
        try {
            int code = command.getAsInt();
            return new Captured(code, stdout.toString(), stderr.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
