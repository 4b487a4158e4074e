package dev.hostgap.platform.regressions;

import dev.hostgap.platform.regressions.detection.DetectorSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Detection on every ingested run.
 *
 * @param alpha false-discovery rate across the series of one run
 * @param floorPercent smallest change ever flagged
 * @param noiseMultiplier how many noise units a change must exceed
 * @param baselineCommits measured commits before a change that form its baseline
 * @param historyCommits first-parent commits looked at per run
 * @param penalty PELT penalty per change point, in noise-variance units
 */
@Validated
@ConfigurationProperties("hostgap.detection")
record DetectionProperties(
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("0.5") @DefaultValue("0.05") double alpha,
        @PositiveOrZero @DefaultValue("2.0") double floorPercent,
        @Positive @DefaultValue("4.0") double noiseMultiplier,
        @Min(2) @DefaultValue("20") int baselineCommits,
        @Min(2) @DefaultValue("200") int historyCommits,
        @Positive @DefaultValue("20.0") double penalty) {

    DetectorSettings settings() {
        return new DetectorSettings(alpha, floorPercent, noiseMultiplier, baselineCommits, penalty);
    }
}
