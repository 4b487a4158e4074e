package dev.hostgap.platform.projects;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a pull request from a fork is measured. Its head is code anyone wrote, run on the
 * project's GPU runners, so by default it waits until a maintainer approves the head (as GitHub
 * Actions waits for outside contributors).
 */
public enum ForkPullRequests {
    /** Not measured at all. */
    NEVER("never"),
    /** Its head's jobs wait, never leased, until that head sha is approved. */
    AFTER_APPROVAL("after_approval"),
    /** Measured at once, like a pull request from the repository itself. */
    ALWAYS("always");

    private final String wireName;

    ForkPullRequests(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ForkPullRequests> fromWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }

    @com.fasterxml.jackson.annotation.JsonValue
    String json() {
        return wireName;
    }
}
