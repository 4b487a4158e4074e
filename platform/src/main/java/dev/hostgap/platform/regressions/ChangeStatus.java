package dev.hostgap.platform.regressions;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a change on record stands. Whether it makes its first bad commit red is decided here once:
 * a suspected, open, acknowledged or fixed change was introduced by that commit; a false positive or
 * a dismissed suspicion was not (an intended change is acknowledged with its baseline reset, and
 * passes: {@link ChangeRef#counts()}).
 */
public enum ChangeStatus {
    /** The commit's own run crossed compare's threshold; later commits have not confirmed it yet. */
    SUSPECTED("suspected", true),
    /** Suspected where runners can measure it again: a probe measures it, and its commit's answer is pending. */
    CONFIRMING("confirming", false),
    OPEN("open", true),
    ACKNOWLEDGED("acknowledged", true),
    FALSE_POSITIVE("false_positive", false),
    FIXED("fixed", true),
    /** A suspicion later commits did not bear out (the level came back, or it never stood out). */
    DISMISSED("dismissed", false),
    /** A suspicion its probe did not bear out: recorded, visible, closed; its commit passes. */
    UNCONFIRMED("unconfirmed", false);

    private final String wireName;
    private final boolean introduced;

    ChangeStatus(String wireName, boolean introduced) {
        this.wireName = wireName;
        this.introduced = introduced;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether its first bad commit introduced it (before an intended reset is considered). */
    public boolean introduced() {
        return introduced;
    }

    public static Optional<ChangeStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
