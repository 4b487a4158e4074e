package dev.hostgap.platform.problem;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are "the database went away" (503, retry) rather than a bug (500). */
class ApiExceptionHandlerTest {

    @Test
    void aBrokenConnectionAnywhereInTheCauseChainIsConnectionLost() {
        // what the reliability harness saw when the PostgreSQL server was killed under load
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("This connection has been closed.", "08003"));
        assertThat(ApiExceptionHandler.connectionLost(rollbackFailed)).isTrue();
        assertThat(ApiExceptionHandler.connectionLost(new IllegalStateException("wrapped",
                new SQLException("terminating connection due to unexpected postmaster exit", "57P02")))).isTrue();
        assertThat(ApiExceptionHandler.connectionLost(
                new org.springframework.dao.DataAccessResourceFailureException("I/O error"))).isTrue();
    }

    /**
     * Seen in the attack pass (2026-12-07): the rollback failed on Hikari's "Connection is closed"
     * (no SQL state) and the I/O error that broke the upload was only the application exception.
     */
    @Test
    void aFailedRollbackWhoseApplicationExceptionLostTheConnectionIsConnectionLost() {
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        assertThat(ApiExceptionHandler.connectionLost(rollbackFailed)).as("a failed rollback: the connection broke").isTrue();
        var commitFailed = new TransactionSystemException("Could not commit JDBC transaction", new SQLException("Connection is closed"));
        assertThat(ApiExceptionHandler.connectionLost(commitFailed)).isFalse();
        commitFailed.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException("I/O error"));
        assertThat(ApiExceptionHandler.connectionLost(commitFailed)).as("its application exception lost the connection").isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertThat(ApiExceptionHandler.connectionLost(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(ApiExceptionHandler.connectionLost(new IllegalStateException("a bug"))).isFalse();
    }
}
