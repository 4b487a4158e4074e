package dev.hostgap.platform.traces;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads that are broken or built to hurt the reader are refused with a message that says what is wrong. */
class TraceReaderHostileInputTest {

    @TempDir
    Path tmp;

    @Test
    void rejectsTruncatedJsonNamingWhereItEnds() throws IOException {
        String json = KinetoTraceTest.twoSteps().json();
        Path file = Files.writeString(tmp.resolve("t.json"), json.substring(0, json.length() / 2));

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageStartingWith("the trace is not valid JSON at byte ")
                .hasMessageContaining("end-of-input");
    }

    @Test
    void rejectsTruncatedGzip() throws IOException {
        Path whole = KinetoTraceTest.twoSteps().writeGzip(tmp, "whole.gz");
        byte[] bytes = Files.readAllBytes(whole);
        Path file = Files.write(tmp.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class).hasMessageStartingWith("truncated gzip");
    }

    @Test
    void rejectsAFileThatIsNeitherJsonNorSqlite() throws IOException {
        Path file = Files.writeString(tmp.resolve("trace.json"), "PK\u0003\u0004 this is a zip, not a trace");

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessage("the file is not a trace: expected PyTorch profiler JSON, an Nsight Systems SQLite export,"
                        + " or either one gzipped");
    }

    @Test
    void rejectsJsonThatIsNotAProfilerTrace() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.json"), "{\"benchmarks\": [1, 2, 3]}");

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageContaining("no \"traceEvents\" array");
    }

    @Test
    void stopsAGzipBombAtTheExpansionLimit() throws IOException {
        Path file = tmp.resolve("bomb.json.gz");
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < 200; i++) {
                out.write(spaces);
            }
        }
        TraceLimits limits = new TraceLimits(10L << 20, 64, 1024, 1000, tmp);

        assertThatThrownBy(() -> TraceReader.read(file, limits)).isInstanceOf(TraceRejected.class)
                .hasMessage("the trace expands to more than 10485760 bytes after gzip decompression");
    }

    @Test
    void rejectsDeepNesting() throws IOException {
        String deep = "[".repeat(200) + "]".repeat(200);
        Path file = Files.writeString(tmp.resolve("t.json"), "{\"traceEvents\": [{\"args\": " + deep + "}]}");

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageStartingWith("the trace exceeds a JSON limit: ")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void rejectsAFiveMegabyteName() throws IOException {
        String name = "x".repeat(5_000_000);
        Path file = Files.writeString(tmp.resolve("t.json"), new KinetoTraceText()
                .raw("{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"" + name + "\", \"ts\": 1, \"dur\": 1}").json());

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageStartingWith("the trace exceeds a JSON limit: ")
                .hasMessageContaining("String value length");
    }

    @Test
    void rejectsNaNTimestampsAsInvalidJson() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.json"), new KinetoTraceText()
                .raw("{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"k\", \"ts\": NaN, \"dur\": 1}").json());

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageStartingWith("the trace is not valid JSON at byte ")
                .hasMessageContaining("NaN");
    }

    @Test
    void rejectsATimestampOutOfRange() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.json"), new KinetoTraceText()
                .raw("{\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"k\", \"ts\": 1e300, \"dur\": 1}").json());

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageStartingWith("\"ts\" 1e300 at byte ")
                .hasMessageEndingWith("is out of range for a time in microseconds");
    }

    @Test
    void rejectsADurationLongerThanADay() throws IOException {
        Path file = new KinetoTraceText().kernel("k", 0, 7, 0, 1e11, 1).write(tmp, "t.json");

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageContaining("lasts more than a day");
    }

    @Test
    void skipsAnEventWithANegativeDuration() throws IOException, TraceRejected {
        Path file = new KinetoTraceText().kernel("k", 0, 7, 0, 10, 1).kernel("broken", 0, 7, 50, -5, 2).write(tmp, "t.json");

        org.assertj.core.api.Assertions.assertThat(read(file).devices().get(0).kernels()).isEqualTo(1);
    }

    @Test
    void rejectsMoreDevicesThanTheLimit() {
        KinetoTraceText trace = new KinetoTraceText();
        for (int device = 0; device < 3; device++) {
            trace.kernel("k", device, 7, 0, 10, device + 1);
        }
        Path file = trace.write(tmp, "t.json");
        TraceLimits limits = new TraceLimits(1 << 20, 2, 1024, 1000, tmp);

        assertThatThrownBy(() -> TraceReader.read(file, limits)).isInstanceOf(TraceRejected.class)
                .hasMessage("the trace has more than 2 GPU devices");
    }

    @Test
    void rejectsATraceWithoutGpuActivity() {
        Path file = new KinetoTraceText().step(1, 0, 10).operator("aten::add", 1, 2).write(tmp, "t.json");

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessage("no GPU activity (kernel, memcpy or memset) in the trace: was it recorded with ProfilerActivity.CUDA?");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path file = Files.write(tmp.resolve("t.json"), new byte[0]);

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class).hasMessage("the trace file is empty");
    }

    @Test
    void rejectsAFileThatClaimsToBeSqliteButIsNot() throws IOException {
        byte[] header = "SQLite format 3\0 and then garbage".getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(tmp.resolve("t.sqlite"), Arrays.copyOf(header, 4096));

        assertThatThrownBy(() -> read(file)).isInstanceOf(TraceRejected.class)
                .hasMessageStartingWith("the Nsight Systems SQLite export could not be read: ");
    }

    private TraceSummary read(Path file) throws TraceRejected {
        return TraceReader.read(file, TraceLimits.defaults(tmp));
    }
}
