package dev.hostgap.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes of a cubin, fatbin or PTX file, read once. Its {@link #sha256()} goes with every result
 * as the kernel hash, so numbers from different kernel binaries are told apart.
 */
public final class KernelImage {

    private final String source;
    private final byte[] bytes;

    private KernelImage(String source, byte[] bytes) {
        this.source = source;
        this.bytes = bytes;
    }

    /** A resource on {@code anchor}'s class path, e.g. {@code /com/acme/kernels/chain.fatbin}, usually shipped in the jar. */
    public static KernelImage fromResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("kernel image " + resource + " is missing from the class path");
            }
            return new KernelImage(resource, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read kernel image " + resource, e);
        }
    }

    /** A file, e.g. one nvcc just wrote. */
    public static KernelImage fromFile(Path file) {
        try {
            return new KernelImage(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read kernel image " + file, e);
        }
    }

    /** SHA-256 of the image, lowercase hex. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PTX image must end in NUL for the driver; cubin and fatbin are passed as they are. */
    byte[] bytes() {
        boolean ptx = source.endsWith(".ptx") && (bytes.length == 0 || bytes[bytes.length - 1] != 0);
        return ptx ? Arrays.copyOf(bytes, bytes.length + 1) : bytes;
    }

    @Override
    public String toString() {
        return source;
    }
}
