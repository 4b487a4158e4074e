package dev.hostgap.platform.projects;

/** What other features need to know of a project: its database id, name and default branch. */
public record ProjectRef(long id, String name, String defaultBranch) {
}
