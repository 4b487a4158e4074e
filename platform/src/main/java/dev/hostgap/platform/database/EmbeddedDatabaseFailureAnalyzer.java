package dev.hostgap.platform.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link EmbeddedDatabaseUnavailable} into Spring Boot's short start-failure report (public: spring.factories loads it). */
public final class EmbeddedDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabaseUnavailable> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabaseUnavailable cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the above and start again, or set SPRING_DATASOURCE_URL to use a PostgreSQL server of your own.", null);
    }
}
