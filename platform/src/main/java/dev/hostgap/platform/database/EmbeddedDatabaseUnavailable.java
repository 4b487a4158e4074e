package dev.hostgap.platform.database;

/**
 * Why the embedded database cannot start, in words a person can act on. Reported at start as that
 * one message ({@link EmbeddedDatabaseFailureAnalyzer}), not as a stack trace.
 */
class EmbeddedDatabaseUnavailable extends RuntimeException {

    EmbeddedDatabaseUnavailable(String message) {
        super(message);
    }
}
