package dev.hostgap.platform.confirm;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Confirmation, bisection and set-up calibration (docs/confirm-and-bisect.md). Whether a project's
 * suspicions are confirmed by probes at all is {@code hostgap.detection.confirm-with-runners}.
 *
 * @param rounds rounds of a probe: each measures base and head (and a bisection's middle) once, in that order
 * @param maxRounds rounds a confirmation may grow to, {@code rounds} more at a time, while its pairs point the
 *                  suspected way by at least half the threshold without passing it
 * @param maxJobsPerChange jobs a change may queue in all, its confirmation and every bisection step together
 * @param maxRunnerTimePerChange runner time those jobs may take in all (their attempts, start to end)
 * @param maxBisectCommits first-parent commits between a change's last good and first bad commit that a bisection looks through
 * @param calibrationRuns repeats of a new project's first measured head (with its own run: one more)
 * @param sweepInterval how often suspicions without a probe and probes whose jobs all ended are looked for
 *                      (each job's end is acted on at once; the sweep catches what a restart lost)
 */
@Validated
@ConfigurationProperties("hostgap.confirm")
record ConfirmProperties(
        @Min(2) @Max(20) @DefaultValue("4") int rounds,
        @Min(2) @Max(20) @DefaultValue("12") int maxRounds,
        @Min(4) @Max(1000) @DefaultValue("80") int maxJobsPerChange,
        @NotNull @DefaultValue("2h") Duration maxRunnerTimePerChange,
        @Min(2) @Max(5000) @DefaultValue("1000") int maxBisectCommits,
        @Min(0) @Max(200) @DefaultValue("20") int calibrationRuns,
        @NotNull @DefaultValue("10s") Duration sweepInterval) {
}
