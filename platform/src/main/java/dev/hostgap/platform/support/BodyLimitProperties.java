package dev.hostgap.platform.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize largest request body accepted; larger ones get 413 before they are parsed
 * @param maxTraceSize largest profiler trace upload ({@code POST …/traces}), as sent: traces are read as a stream,
 *                     never held in memory, so this limit is separate from {@code max-body-size}
 * @param maxConcurrentUploads uploads stored and answered at once; more wait, then get 503 with
 *                             Retry-After (keeps database connections free for reads and detection)
 * @param uploadWait how long an upload waits for its turn before that 503
 * @param maxDetectionBacklog runs stored but not yet judged beyond which uploads wait (then 503):
 *                            ingest never outruns regression detection by more; 0 turns the bound off
 */
@ConfigurationProperties("hostgap.api")
public record BodyLimitProperties(@DefaultValue("16MB") DataSize maxBodySize,
                                  @DefaultValue("2GB") DataSize maxTraceSize,
                                  @DefaultValue("6") int maxConcurrentUploads,
                                  @DefaultValue("10s") java.time.Duration uploadWait,
                                  @DefaultValue("100") int maxDetectionBacklog) {
}
