package dev.hostgap.runner;

import java.nio.charset.StandardCharsets;

/** The last bytes a command printed: enough to say why it failed without keeping a whole log in memory. */
final class OutputTail {

    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[offset + i];
        }
    }

    @Override
    public synchronized String toString() {
        int size = (int) Math.min(written, ring.length);
        byte[] ordered = new byte[size];
        int start = (int) (written % ring.length);
        for (int i = 0; i < size; i++) {
            ordered[i] = ring[(written > ring.length ? start + i : i) % ring.length];
        }
        // a cut through a multi-byte character shows as one replacement character, which is fine here
        return new String(ordered, StandardCharsets.UTF_8);
    }
}
