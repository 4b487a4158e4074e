package dev.hostgap.platform.projects;

import java.time.OffsetDateTime;
import java.util.List;

/** One commit of a history walk. {@code parents} is filled where the walk followed the DAG. */
public record CommitNode(long id, String sha, OffsetDateTime timestamp, String message, List<String> parents) {
}
