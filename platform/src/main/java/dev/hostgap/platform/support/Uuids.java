package dev.hostgap.platform.support;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Run ids as the API takes them: only the canonical form, since {@code UUID.fromString} also takes short forms such as 1-1-1-1-1. */
public final class Uuids {

    private Uuids() {
    }

    public static Optional<UUID> canonical(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(value);
            return uuid.toString().equals(value.toLowerCase(Locale.ROOT)) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
