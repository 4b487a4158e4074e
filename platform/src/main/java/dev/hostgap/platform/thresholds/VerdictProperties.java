package dev.hostgap.platform.thresholds;

import dev.hostgap.platform.stats.Thresholds;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The thresholds every series gets unless a project sets its own ({@code PUT /thresholds}).
 *
 * @param minChangePercent smallest change, in percent of the base level, that is ever called a regression or improvement
 * @param noiseMultiplier how many standard errors of the run-to-run noise a change must exceed
 * @param minHistoryRuns runs of a series needed before its noise is trusted; fewer give insufficient_history
 */
@Validated
@ConfigurationProperties("hostgap.verdicts")
record VerdictProperties(
        @DecimalMin("0") @DecimalMax("1000") @DefaultValue("2.0") double minChangePercent,
        @DecimalMin("1") @DecimalMax("100") @DefaultValue("4.0") double noiseMultiplier,
        @Min(3) @Max(200) @DefaultValue("6") int minHistoryRuns) {

    Thresholds thresholds() {
        return new Thresholds(minChangePercent, noiseMultiplier, minHistoryRuns);
    }
}
