package dev.hostgap.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * {@code hostgap-result.json} in the checkout root: a run file object or a JMH JSON array, passed
 * on to the platform as it is (the platform validates it), or the one-line reason there is none.
 * The job wrote it, so it is read as hostile: only a regular file in the work tree itself (a
 * symbolic link could point the agent at any file its user can read), at most {@link #MAX_BYTES}
 * (the platform's request limit), and a reason names what was wrong but never quotes the content,
 * which anyone who can list jobs would see.
 */
record ResultFile(JsonNode json, String problem) {

    static final String NAME = "hostgap-result.json";
    static final int MAX_BYTES = 16 * 1024 * 1024;

    static ResultFile in(Path checkout) {
        Path file = checkout.resolve(NAME);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return problem(NAME + " is a symbolic link; write the result into the file itself");
            } else if (!attributes.isRegularFile()) {
                return problem(NAME + " is not a regular file");
            } else if (!file.toRealPath().getParent().equals(checkout.toRealPath())) {
                return problem(NAME + " is outside the work tree");
            }
            byte[] bytes = readAtMost(file, MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return problem(NAME + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            JsonNode json = Json.MAPPER.readTree(bytes);
            return json != null && (json.isObject() || json.isArray()) ? new ResultFile(json, null)
                    : problem(NAME + " is neither a run file object nor a JMH JSON array");
        } catch (NoSuchFileException e) {
            return problem("the command exited 0 but wrote no " + NAME + " in the repository root");
        } catch (JacksonException e) {
            return problem(NAME + " is not valid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            return problem(NAME + " could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    boolean present() {
        return json != null;
    }

    private static ResultFile problem(String why) {
        return new ResultFile(null, why);
    }

    /** NOFOLLOW_LINKS again at open: the job's tree may have swapped the file for a link since it was checked. */
    private static byte[] readAtMost(Path file, int limit) throws IOException {
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            return in.readNBytes(limit);
        }
    }

    /** Line and column only: Jackson's own message quotes the offending text. */
    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
