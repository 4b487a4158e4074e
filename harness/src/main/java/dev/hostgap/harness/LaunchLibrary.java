package dev.hostgap.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Finds and loads the JNI library behind {@link DriverLaunch}, shipped as a resource per platform. */
final class LaunchLibrary {

    /** Where the library for a platform lies among the resources, e.g. {@code …/native/linux-amd64/…}. */
    private static final String RESOURCE = "/dev/hostgap/harness/native/%s/libhostgap_launch.so";

    private LaunchLibrary() {
    }

    /** The resource for a platform as the JVM names it ({@code os.name}, {@code os.arch}). */
    static String resourceFor(String osName, String osArch) {
        return String.format(Locale.ROOT, RESOURCE, osName.toLowerCase(Locale.ROOT).replace(' ', '-') + "-" + osArch);
    }

    /** Unpacks the resource to a temporary file (a library cannot load from inside a jar), loads it, deletes the file. */
    static void load(String resource) {
        try (InputStream in = LaunchLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("hostgap's launch library is built for linux x86_64 and aarch64 only; "
                        + "there is none at " + resource + ": rebuild it with harness/build-launch-library.sh");
            }
            Path file = Files.createTempFile("hostgap_launch", ".so"); // owner-only
            try {
                try (OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file); // a loaded library stays mapped: a killed fork leaves nothing behind
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + resource, e);
        }
    }
}
