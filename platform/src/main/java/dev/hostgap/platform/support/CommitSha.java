package dev.hostgap.platform.support;

import java.util.regex.Pattern;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;

/** The one rule for commit shas the API accepts: full 40-character lowercase hex. */
public final class CommitSha {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private CommitSha() {
    }

    public static boolean isValid(String sha) {
        return sha != null && SHA.matcher(sha).matches();
    }

    /** The sha, or a 422 {@code invalid-sha} naming the request's {@code field}. */
    public static String require(String field, String sha) {
        if (!isValid(sha)) {
            throw new ApiProblem(ProblemType.INVALID_SHA, field + " must be a full 40-character lowercase hex sha, not '" + sha + "'.");
        }
        return sha;
    }
}
