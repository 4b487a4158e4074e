package dev.hostgap.platform.support;

import java.util.regex.Pattern;

/** The one rule for commit shas the API accepts: full 40-character lowercase hex. */
public final class CommitSha {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private CommitSha() {
    }

    public static boolean isValid(String sha) {
        return sha != null && SHA.matcher(sha).matches();
    }
}
