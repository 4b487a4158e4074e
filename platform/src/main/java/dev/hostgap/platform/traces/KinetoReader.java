package dev.hostgap.platform.traces;

import java.io.InputStream;
import java.util.Locale;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a PyTorch profiler (Kineto) Chrome-trace JSON with Jackson's streaming parser, one event at a
 * time, keeping only the complete ({@code "ph":"X"}) events the analysis uses: GPU kernels, memcpys and
 * memsets, CUDA runtime and driver calls, CPU operators, Python frames and {@code ProfilerStep#N}
 * annotations. Everything else, unknown fields and nested values included, is skipped without being built.
 */
final class KinetoReader {

    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(1_000_000)
            .maxNameLength(10_000)
            .maxNumberLength(100)
            .maxTokenCount(-1)
            .maxDocumentLength(-1)
            .build();
    private static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

    /** A day-long kernel or call is a broken trace, not a slow program. */
    private static final long MAX_DURATION_NANOS = 86_400_000_000_000L;

    private final TraceData data;
    private final Event event = new Event();

    private KinetoReader(TraceData data) {
        this.data = data;
    }

    /** Reads {@code json} into {@code data}; JSON errors surface as Jackson's exceptions for the caller to word. */
    static void read(InputStream json, TraceData data) throws TraceRejected {
        new KinetoReader(data).parse(json);
    }

    private void parse(InputStream json) throws TraceRejected {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readEvents(parser);
            } else if (first == JsonToken.START_OBJECT) {
                boolean found = false;
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String property = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("traceEvents".equals(property) && value == JsonToken.START_ARRAY) {
                        readEvents(parser);
                        found = true;
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!found) {
                    throw new TraceRejected("the JSON has no \"traceEvents\" array: is it a PyTorch profiler trace?");
                }
            } else {
                throw new TraceRejected("the trace is neither a JSON object nor a JSON array");
            }
            if (parser.nextToken() != null) {
                throw new TraceRejected("the trace has content after its JSON value at byte "
                        + parser.currentLocation().getByteOffset());
            }
        }
    }

    private void readEvents(JsonParser parser) throws TraceRejected {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new TraceRejected("the trace ends inside its event list: the file is truncated");
            }
            data.events++;
            if (token == JsonToken.START_OBJECT) {
                event.clear();
                readEvent(parser);
                keep(parser);
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readEvent(JsonParser parser) throws TraceRejected {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String property = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (property) {
                case "ph" -> event.phase = text(parser, value);
                case "cat" -> event.category = text(parser, value);
                case "name" -> event.name = text(parser, value);
                case "pid" -> event.pid = text(parser, value);
                case "tid" -> event.tid = text(parser, value);
                case "ts" -> event.ts = number(parser, value, "ts");
                case "dur" -> event.dur = number(parser, value, "dur");
                case "args" -> readArgs(parser, value);
                default -> parser.skipChildren();
            }
        }
    }

    private void readArgs(JsonParser parser, JsonToken start) throws TraceRejected {
        if (start != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String property = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (property) {
                case "device" -> event.device = integer(parser, value);
                case "stream" -> event.stream = integer(parser, value);
                case "correlation" -> event.correlation = integer(parser, value);
                case "bytes" -> event.bytes = integer(parser, value);
                default -> parser.skipChildren();
            }
        }
    }

    private void keep(JsonParser parser) throws TraceRejected {
        if (!"X".equals(event.phase) || event.category == null) {
            return;
        }
        String category = event.category.toLowerCase(Locale.ROOT);
        int gpuKind = switch (category) {
            case "kernel" -> TraceData.KERNEL;
            case "gpu_memcpy", "memcpy" -> TraceData.MEMCPY;
            case "gpu_memset", "memset" -> TraceData.MEMSET;
            default -> -1;
        };
        boolean cpu = switch (category) {
            case "cuda_runtime", "runtime", "cuda_driver", "cpu_op", "operator", "python_function", "user_annotation" -> true;
            default -> false;
        };
        if (gpuKind < 0 && !cpu) {
            return;
        }
        long start = checkedTime(parser);
        if (start == Long.MIN_VALUE) {
            return;
        }
        long end = start + event.dur;
        String name = event.name == null ? "" : event.name;
        if (gpuKind >= 0) {
            int device = (int) orElse(event.device, event.pid);
            int stream = (int) orElse(event.stream, event.tid);
            data.addGpu(start, end, device, stream, event.correlation, gpuKind, name,
                    gpuKind == TraceData.MEMCPY ? Math.max(0, event.bytes) : 0);
            return;
        }
        String thread = (event.pid == null ? "" : event.pid) + "/" + (event.tid == null ? "" : event.tid);
        switch (category) {
            case "cuda_runtime", "runtime", "cuda_driver" -> data.addCall(start, end, thread, event.correlation, name);
            case "python_function" -> data.addRange(start, end, thread, withoutAddress(name), TraceData.PYTHON);
            case "user_annotation" -> data.addStepIfNamed(start, end, name);
            default -> {
                if (!data.addStepIfNamed(start, end, name)) {
                    data.addRange(start, end, thread, name, TraceData.OPERATOR);
                }
            }
        }
    }

    /**
     * A Python frame's name without the object address the profiler puts in it
     * ({@code <built-in method item of Tensor object at 0x7f3d286105f0>}): each call binds a new object, so
     * with the address one cause would be a new name at every step and every run.
     */
    static String withoutAddress(String frame) {
        int at = frame.indexOf(" at 0x");
        if (at < 0) {
            return frame;
        }
        int end = at + 6;
        while (end < frame.length() && Character.digit(frame.charAt(end), 16) >= 0) {
            end++;
        }
        return frame.substring(0, at) + frame.substring(end);
    }

    /**
     * The event's start, or {@link Long#MIN_VALUE} for an event to skip (no ts or dur, or a negative dur:
     * counted, not fatal); rejects a duration longer than a day.
     */
    private long checkedTime(JsonParser parser) throws TraceRejected {
        if (event.ts == Long.MIN_VALUE || event.dur == Long.MIN_VALUE || event.dur < 0) {
            data.skippedEvents++;
            return Long.MIN_VALUE;
        }
        if (event.dur > MAX_DURATION_NANOS) {
            throw new TraceRejected("the event ending at byte " + parser.currentLocation().getByteOffset()
                    + " lasts more than a day (dur " + event.dur / 1000 + " µs): the trace is damaged");
        }
        return event.ts;
    }

    private static long orElse(long value, String fallback) {
        if (value != Long.MIN_VALUE) {
            return value;
        }
        try {
            return fallback == null ? 0 : Long.parseLong(fallback);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getString();
        }
        parser.skipChildren();
        return null;
    }

    private static long number(JsonParser parser, JsonToken value, String field) throws TraceRejected {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new TraceRejected("\"" + field + "\" at byte " + parser.currentLocation().getByteOffset()
                    + " is not a number");
        }
        String text = parser.getString();
        long nanos = Micros.toNanos(text);
        if (nanos == Long.MIN_VALUE || Math.abs(nanos) > Micros.MAX_NANOS) {
            throw new TraceRejected("\"" + field + "\" " + abbreviated(text) + " at byte "
                    + parser.currentLocation().getByteOffset() + " is out of range for a time in microseconds");
        }
        return nanos;
    }

    private static long integer(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            try {
                return parser.getLongValue();
            } catch (RuntimeException e) {
                return Long.MIN_VALUE;
            }
        }
        if (value == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getString().trim());
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        parser.skipChildren();
        return Long.MIN_VALUE;
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** The fields of the event being read, reused for every event. */
    private static final class Event {
        String phase;
        String category;
        String name;
        String pid;
        String tid;
        long ts;
        long dur;
        long device;
        long stream;
        long correlation;
        long bytes;

        void clear() {
            phase = category = name = pid = tid = null;
            ts = dur = Long.MIN_VALUE;
            device = stream = correlation = bytes = Long.MIN_VALUE;
        }
    }
}
