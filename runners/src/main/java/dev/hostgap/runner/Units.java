package dev.hostgap.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How every message of the runner writes a duration or a percentage. Durations are rounded up to
 * what is shown (milliseconds under a second, tenths of a second under a minute, whole seconds
 * above), so a non-zero pause never reads as 0 and an estimate that exceeds a budget never reads as
 * equal to it; a percentage keeps one decimal and never rounds a non-zero share to 0% or a partial
 * one to 100%.
 */
final class Units {

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_TENTH = 100_000_000L;

    private Units() {
    }

    /** "0 s", "1 ms", "200 ms", "1.5 s", "59.9 s", "1 min", "1 min 30 s", "2 h 5 min", "1 h 0 min 20 s". */
    static String duration(Duration duration) {
        if (duration.isNegative()) {
            return "-" + duration(duration.negated());
        }
        if (duration.isZero()) {
            return "0 s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            long millis = ceilDiv(duration.toNanos(), NANOS_PER_MILLI);
            return millis < 1000 ? millis + " ms" : "1 s";
        }
        if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
            long tenths = ceilDiv(duration.toNanos(), NANOS_PER_TENTH);
            if (tenths < 600) {
                return tenths % 10 == 0 ? tenths / 10 + " s" : tenths / 10 + "." + tenths % 10 + " s";
            }
        }
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        List<String> parts = new ArrayList<>();
        if (hours > 0) {
            parts.add(hours + " h");
        }
        if (minutes > 0 || hours > 0 && rest > 0) {
            parts.add(minutes + " min");
        }
        if (rest > 0) {
            parts.add(rest + " s");
        }
        return String.join(" ", parts);
    }

    /** "41.2%", "0.0%", "<0.1%" for a share too small for one decimal, ">99.9%" for one just short of all. */
    static String percent(double percent) {
        if (Double.isNaN(percent)) {
            return "?%";
        }
        if (percent > 0 && percent < 0.05) {
            return "<0.1%";
        }
        if (percent < 0 && percent > -0.05) {
            return ">-0.1%";
        }
        if (percent < 100 && percent >= 99.95) {
            return ">99.9%";
        }
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    private static long ceilDiv(long value, long divisor) {
        return Math.floorDiv(value + divisor - 1, divisor);
    }
}
