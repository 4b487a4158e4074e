package dev.hostgap.platform.traces;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Profiler trace uploads (docs/traces.md). The size of an upload as sent is capped by
 * {@code hostgap.api.max-trace-size}, with the other request body limits.
 *
 * @param maxExpandedSize largest trace after gzip is undone: a small gzip file can expand without bound
 * @param maxConcurrent traces read at once on one instance (each holds up to a few hundred MB of heap while it is read);
 *                      more wait up to {@code hostgap.api.upload-wait}, then get 503
 * @param maxDevices GPU devices one trace may hold (each is a set of series)
 * @param keepRawFor how long the uploaded file is kept for download; its figures and summary are kept as long as its run
 * @param retentionInterval how often files past {@code keep-raw-for} are deleted
 * @param spoolDirectory where an upload is written while it is read (deleted at once after); empty: the JVM's temp directory
 */
@Validated
@ConfigurationProperties("hostgap.traces")
record TraceProperties(
        @NotNull @DefaultValue("4GB") DataSize maxExpandedSize,
        @Min(1) @Max(64) @DefaultValue("2") int maxConcurrent,
        @Min(1) @Max(1024) @DefaultValue("64") int maxDevices,
        @NotNull @DefaultValue("30d") Duration keepRawFor,
        @NotNull @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue("") String spoolDirectory) {
}
