package dev.hostgap.platform.webhooks;

import java.time.OffsetDateTime;

/** A commit as a push payload lists it: its parent is the commit before it in the push. */
record PushedCommit(String sha, String parent, OffsetDateTime timestamp, String message) {
}
