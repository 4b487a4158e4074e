package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The profiler traces a job's command leaves in the checkout root ({@code hostgap-trace*.json},
 * {@code .json.gz}, {@code .sqlite}, {@code .sqlite.gz}), which the agent uploads before it completes
 * the job. The job wrote them, so, as with {@link ResultFile}, they are read as hostile: only regular
 * files with one link, in the work tree itself (a symbolic or hard link could hand the agent any file
 * its user can read), a name the platform can show as it is, and a bounded number of them.
 */
final class TraceFiles {

    static final String PREFIX = "hostgap-trace";
    static final int MAX_FILES = 16;
    static final String PATTERNS = PREFIX + "*.json[.gz]/*.sqlite";

    /** Longest first, so {@code x.json.gz} is not read as {@code x.json} plus junk. */
    private static final List<String> EXTENSIONS = List.of(".json.gz", ".sqlite.gz", ".json", ".sqlite");
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** One file to send: {@code name} is what the platform shows, {@code size} its length when it was checked. */
    record Trace(Path file, String name, long size) {

        String fileName() {
            return file.getFileName().toString();
        }
    }

    /** The files to send, sorted by file name, and one line for each trace-like file that is not sent. */
    record Found(List<Trace> traces, List<String> skipped) {
    }

    private TraceFiles() {
    }

    static Found in(Path checkout) throws IOException {
        Path root = checkout.toRealPath();
        TreeMap<String, Path> candidates = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(checkout, PREFIX + "*")) {
            for (Path entry : entries) {
                if (extensionOf(entry.getFileName().toString()).isPresent()) {
                    candidates.put(entry.getFileName().toString(), entry);
                }
            }
        }
        List<Trace> traces = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int over = 0;
        for (Path file : candidates.values()) {
            String fileName = printable(file.getFileName().toString());
            String name = nameOf(file.getFileName().toString()).orElseThrow();
            String problem = problemWith(file, root);
            if (problem == null && !VALID_NAME.matcher(name).matches()) {
                problem = "its trace name '" + printable(name) + "' is not 1 to 100 of A-Z a-z 0-9 . _ -";
            } else if (problem == null && !names.add(name)) {
                problem = "an earlier file already has the trace name '" + name + "'";
            }
            if (problem != null) {
                skipped.add(fileName + ": " + problem);
            } else if (traces.size() == MAX_FILES) {
                over++;
            } else {
                traces.add(new Trace(file, name, Files.size(file)));
            }
        }
        if (over > 0) {
            skipped.add(over + " further trace file(s): at most " + MAX_FILES + " are sent per job");
        }
        return new Found(List.copyOf(traces), List.copyOf(skipped));
    }

    /**
     * Removes every {@code hostgap-trace*} file or link from the checkout root before the command runs,
     * so one committed in the repository is never sent as this run's.
     */
    static void deleteStale(Path checkout) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(checkout, PREFIX + "*")) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** The trace name of a file that matches the patterns: no prefix, no extension, no leading - _ or .; "trace" when empty. */
    static Optional<String> nameOf(String fileName) {
        return extensionOf(fileName).map(extension -> {
            String name = fileName.substring(PREFIX.length(), fileName.length() - extension.length()).replaceFirst("^[-_.]+", "");
            return name.isEmpty() ? "trace" : name;
        });
    }

    private static Optional<String> extensionOf(String fileName) {
        if (!fileName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return EXTENSIONS.stream().filter(e -> fileName.length() >= PREFIX.length() + e.length() && fileName.endsWith(e)).findFirst();
    }

    private static String problemWith(Path file, Path root) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return "a symbolic link; write the trace into the file itself";
        } else if (!attributes.isRegularFile()) {
            return "not a regular file";
        } else if (attributes.size() == 0) {
            return "empty";
        } else if (!file.toRealPath().getParent().equals(root)) {
            return "outside the work tree";
        } else if (links(file) > 1) {
            return "a hard link to another file";
        }
        return null;
    }

    private static int links(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (UnsupportedOperationException e) {
            return 1; // no unix view (not Linux): no link count to check
        }
    }

    /** A file name as a log line or a failure reason may quote it: the job chose it. */
    private static String printable(String text) {
        String shown = text.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 120 ? shown.substring(0, 120) + "…" : shown;
    }
}
