package dev.hostgap.platform.traces;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails once they pass a cap: placed after a gzip inflater it
 * stops a small compressed upload from expanding into gigabytes.
 */
final class CappedInputStream extends FilterInputStream {

    /** Thrown when the cap is passed; recognised by the reader and turned into a rejection. */
    static final class CapExceeded extends IOException {
        CapExceeded(long cap) {
            super("the trace expands to more than " + cap + " bytes after gzip decompression");
        }
    }

    private final long cap;
    private long count;

    CappedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws CapExceeded {
        count += n;
        if (count > cap) {
            throw new CapExceeded(cap);
        }
    }
}
