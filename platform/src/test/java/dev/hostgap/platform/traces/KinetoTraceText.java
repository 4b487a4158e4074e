package dev.hostgap.platform.traces;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Builds small Kineto Chrome-trace JSON documents event by event, times in microseconds. */
final class KinetoTraceText {

    private final List<String> events = new ArrayList<>();

    KinetoTraceText step(int number, double ts, double dur) {
        return add("user_annotation", "ProfilerStep#" + number, "\"pid\": 1, \"tid\": 1", ts, dur, "{}");
    }

    KinetoTraceText operator(String name, double ts, double dur) {
        return add("cpu_op", name, "\"pid\": 1, \"tid\": 1", ts, dur, "{}");
    }

    KinetoTraceText python(String name, double ts, double dur) {
        return add("python_function", name, "\"pid\": 1, \"tid\": 1", ts, dur, "{}");
    }

    KinetoTraceText runtime(String name, double ts, double dur, long correlation) {
        return add("cuda_runtime", name, "\"pid\": 1, \"tid\": 1", ts, dur, "{\"correlation\": " + correlation + "}");
    }

    KinetoTraceText kernel(String name, int device, int stream, double ts, double dur, long correlation) {
        return add("kernel", name, "\"pid\": " + device + ", \"tid\": " + stream, ts, dur,
                "{\"device\": " + device + ", \"stream\": " + stream + ", \"correlation\": " + correlation
                        + ", \"grid\": [1, 2, 3]}");
    }

    KinetoTraceText memcpy(int device, int stream, double ts, double dur, long correlation, long bytes) {
        return add("gpu_memcpy", "Memcpy HtoD (Pageable -> Device)", "\"pid\": " + device + ", \"tid\": " + stream, ts, dur,
                "{\"device\": " + device + ", \"stream\": " + stream + ", \"correlation\": " + correlation
                        + ", \"bytes\": " + bytes + "}");
    }

    KinetoTraceText raw(String event) {
        events.add(event);
        return this;
    }

    private KinetoTraceText add(String category, String name, String where, double ts, double dur, String args) {
        events.add("{\"ph\": \"X\", \"cat\": \"" + category + "\", \"name\": \"" + name + "\", " + where
                + ", \"ts\": " + ts + ", \"dur\": " + dur + ", \"args\": " + args + "}");
        return this;
    }

    String json() {
        return "{\"schemaVersion\": 1, \"deviceProperties\": [{\"id\": 0, \"name\": \"H100\"}],\n \"traceEvents\": [\n"
                + String.join(",\n", events) + "\n], \"traceName\": \"test\"}";
    }

    Path write(Path directory, String name) {
        try {
            return Files.writeString(directory.resolve(name), json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path writeGzip(Path directory, String name) {
        Path file = directory.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(json().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
