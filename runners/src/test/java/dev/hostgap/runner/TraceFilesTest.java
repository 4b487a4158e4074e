package dev.hostgap.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Which files in a checkout root are traces to send, under which names. */
class TraceFilesTest {

    @TempDir
    Path dir;

    @Test
    void namesATraceByWhatLiesBetweenThePrefixAndTheExtension() {
        assertThat(TraceFiles.nameOf("hostgap-trace-decode.json")).contains("decode");
        assertThat(TraceFiles.nameOf("hostgap-trace_prefill.json.gz")).contains("prefill");
        assertThat(TraceFiles.nameOf("hostgap-trace.nsys.sqlite")).contains("nsys");
        assertThat(TraceFiles.nameOf("hostgap-trace--a.b.sqlite.gz")).contains("a.b");
        assertThat(TraceFiles.nameOf("hostgap-trace.json")).contains("trace");
        assertThat(TraceFiles.nameOf("hostgap-tracestep1.json")).contains("step1");
        assertThat(TraceFiles.nameOf("hostgap-trace-x.txt")).isEmpty();
        assertThat(TraceFiles.nameOf("hostgap-trace-x.json.zst")).isEmpty();
        assertThat(TraceFiles.nameOf("my-hostgap-trace.json")).isEmpty();
    }

    @Test
    void findsRegularTraceFilesInTheRootSortedByFileName() throws Exception {
        Files.writeString(dir.resolve("hostgap-trace-b.json"), "{}");
        Files.writeString(dir.resolve("hostgap-trace-a.sqlite"), "x");
        Files.writeString(dir.resolve("hostgap-result.json"), "{}");
        Files.writeString(dir.resolve("hostgap-trace-c.log"), "not a trace");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/hostgap-trace-d.json"), "{}");

        TraceFiles.Found found = TraceFiles.in(dir);

        assertThat(found.traces()).extracting(TraceFiles.Trace::name).containsExactly("a", "b");
        assertThat(found.traces()).extracting(TraceFiles.Trace::size).containsExactly(1L, 2L);
        assertThat(found.skipped()).isEmpty();
    }

    @Test
    void skipsLinksDirectoriesEmptyFilesAndUnshowableNamesSayingWhy() throws Exception {
        Path target = Files.writeString(dir.resolve("data.json"), "{}");
        Files.createSymbolicLink(dir.resolve("hostgap-trace-link.json"), target);
        Files.createLink(dir.resolve("hostgap-trace-hard.json"), target);
        Files.createDirectories(dir.resolve("hostgap-trace-dir.json"));
        Files.createFile(dir.resolve("hostgap-trace-empty.json"));
        Files.writeString(dir.resolve("hostgap-trace-dé code.json"), "{}");
        Files.writeString(dir.resolve("hostgap-trace-" + "x".repeat(101) + ".json"), "{}");

        TraceFiles.Found found = TraceFiles.in(dir);

        assertThat(found.traces()).isEmpty();
        assertThat(String.join("\n", found.skipped())).contains(
                "hostgap-trace-link.json: a symbolic link", "hostgap-trace-hard.json: a hard link",
                "hostgap-trace-dir.json: not a regular file", "hostgap-trace-empty.json: empty",
                "trace name 'dé code' is not 1 to 100 of", "trace name 'xxxx");
        assertThat(found.skipped()).hasSize(6);
    }

    @Test
    void sendsOneFilePerNameAndAtMostSixteen() throws Exception {
        Files.writeString(dir.resolve("hostgap-trace-a.json"), "{}");
        Files.writeString(dir.resolve("hostgap-trace-a.json.gz"), "gz");
        for (int i : IntStream.range(0, 20).toArray()) {
            Files.writeString(dir.resolve("hostgap-trace-n%02d.json".formatted(i)), "{}");
        }

        TraceFiles.Found found = TraceFiles.in(dir);

        assertThat(found.traces()).hasSize(TraceFiles.MAX_FILES);
        assertThat(found.traces().get(0).fileName()).isEqualTo("hostgap-trace-a.json");
        assertThat(found.traces().get(15).name()).isEqualTo("n14");
        assertThat(found.skipped()).containsExactly(
                "hostgap-trace-a.json.gz: an earlier file already has the trace name 'a'",
                "5 further trace file(s): at most 16 are sent per job");
    }

    @Test
    void deletesEveryStaleTraceFileOrLinkButNothingElse() throws Exception {
        Files.writeString(dir.resolve("hostgap-trace-old.json"), "{}");
        Files.createSymbolicLink(dir.resolve("hostgap-trace-link.json"), dir.resolve("gone"));
        Files.writeString(dir.resolve("bench.sh"), "true");

        TraceFiles.deleteStale(dir);

        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("bench.sh");
        }
    }
}
