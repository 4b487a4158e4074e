package dev.hostgap.platform.compare;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Thresholds of commit-versus-commit verdicts.
 *
 * @param alpha significance level of the two-sided Mann-Whitney test, and 1 - confidence of the interval
 * @param minChangePercent smallest change that is called a regression or improvement at all
 */
@Validated
@ConfigurationProperties("hostgap.compare")
public record CompareProperties(
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "0.5") @DefaultValue("0.05") double alpha,
        @PositiveOrZero @DefaultValue("1.0") double minChangePercent) {
}
