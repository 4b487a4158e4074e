package dev.hostgap.platform.regressions;

import dev.hostgap.platform.regressions.detection.DetectorSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Detection on every ingested run. What a change must exceed is not set here: it is the project's
 * thresholds ({@code hostgap.verdicts.*} and {@code /thresholds}), the same compare uses.
 *
 * @param baselineCommits measured commits before a change that form its baseline
 * @param historyCommits first-parent commits looked at per run
 * @param penalty PELT penalty per change point, in units of the run-to-run noise variance
 * @param raiseWithinCommits measured commits, the first bad one included, within which a level change
 *                           must stand out to be raised; an older one is settled
 * @param judgeAttempts how many times judging one run is tried before its commit's answer stays an error
 * @param judgeBackoff wait after the first failed attempt; doubled after each further one
 * @param confirmWithRunners a change suspected in a project with runners (a benchmark command and runner labels)
 *                           is confirmed by a probe before it counts (docs/confirm-and-bisect.md); off, or in a
 *                           project without runners, later commits confirm it
 * @param suspicionFactor where probes confirm, a commit's own run is suspected at this fraction of the noise
 *                        multiplier: a probe weeds out the flukes, a miss is a regression nobody is told of
 */
@Validated
@ConfigurationProperties("hostgap.detection")
record DetectionProperties(
        @Min(2) @DefaultValue("30") int baselineCommits,
        @Min(2) @DefaultValue("200") int historyCommits,
        @Positive @DefaultValue("20.0") double penalty,
        @Min(1) @DefaultValue("10") int raiseWithinCommits,
        @Min(1) @DefaultValue("5") int judgeAttempts,
        @jakarta.validation.constraints.NotNull @DefaultValue("2s") java.time.Duration judgeBackoff,
        @DefaultValue("true") boolean confirmWithRunners,
        @jakarta.validation.constraints.DecimalMin("0.25") @jakarta.validation.constraints.DecimalMax("1.0") @DefaultValue("0.75")
        double suspicionFactor) {

    DetectorSettings settings() {
        return new DetectorSettings(baselineCommits, penalty, raiseWithinCommits);
    }
}
