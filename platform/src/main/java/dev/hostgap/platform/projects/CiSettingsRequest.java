package dev.hostgap.platform.projects;

import java.util.ArrayList;
import java.util.List;

import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ApiProblem.FieldProblem;
import dev.hostgap.platform.problem.ProblemType;

/** Body of {@code PUT /api/v1/projects/{p}/ci}; an absent field keeps its current value. */
record CiSettingsRequest(String webhookSecret, String benchmarkCommand, Integer timeoutSeconds,
                         List<String> measuredBranches, List<String> runnerLabels, String statusRepository) {

    private static final java.util.regex.Pattern REPOSITORY =
            java.util.regex.Pattern.compile("[0-9]{1,20}|[A-Za-z0-9_.-]{1,100}(/[A-Za-z0-9_.-]{1,100}){1,5}");

    void validate() {
        List<FieldProblem> errors = new ArrayList<>();
        if (webhookSecret != null && (webhookSecret.length() < 16 || webhookSecret.length() > 256)) {
            errors.add(new FieldProblem("webhookSecret", ProblemType.INVALID_FIELD,
                    "webhookSecret must be 16 to 256 characters (openssl rand -hex 32)"));
        }
        if (benchmarkCommand != null && (benchmarkCommand.isBlank() || benchmarkCommand.length() > 4000
                || benchmarkCommand.indexOf('\0') >= 0)) {
            errors.add(new FieldProblem("benchmarkCommand", ProblemType.INVALID_FIELD,
                    "benchmarkCommand must be 1 to 4,000 characters"));
        }
        if (timeoutSeconds != null && (timeoutSeconds < 60 || timeoutSeconds > 86_400)) {
            errors.add(new FieldProblem("timeoutSeconds", ProblemType.INVALID_FIELD, "timeoutSeconds must be 60 to 86400"));
        }
        if (statusRepository != null && !REPOSITORY.matcher(statusRepository).matches()) {
            errors.add(new FieldProblem("statusRepository", ProblemType.INVALID_FIELD,
                    "statusRepository is GitHub's owner/repo, GitLab's group/project or its numeric id"));
        }
        checkNames("measuredBranches", measuredBranches, errors);
        checkNames("runnerLabels", runnerLabels, errors);
        if (!errors.isEmpty()) {
            throw new ApiProblem(errors.get(0).type(), "The CI settings are not valid: " + errors.get(0).message() + ".", errors);
        }
    }

    private static void checkNames(String field, List<String> names, List<FieldProblem> errors) {
        if (names == null) {
            return;
        }
        if (names.size() > 50 || names.stream().anyMatch(n -> n == null || n.isBlank() || n.length() > 200
                || n.indexOf('\0') >= 0)) {
            errors.add(new FieldProblem(field, ProblemType.INVALID_FIELD,
                    field + " takes at most 50 names of 1 to 200 characters"));
        }
    }
}
