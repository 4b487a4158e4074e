package dev.hostgap.platform.stats;

import java.util.Arrays;
import java.util.Optional;

/** Which way a metric gets better. Carried by every series, so verdicts never guess. */
public enum Direction {
    LOWER_IS_BETTER("lower_is_better"),
    HIGHER_IS_BETTER("higher_is_better");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Direction> fromWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst();
    }

    /** True when moving from base to head by {@code shift} makes the metric worse. */
    public boolean isWorse(double shift) {
        return this == LOWER_IS_BETTER ? shift > 0 : shift < 0;
    }
}
