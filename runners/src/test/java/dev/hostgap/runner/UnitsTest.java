package dev.hostgap.runner;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {

    @Test
    void writesPausesAsALogLineReadsThem() {
        assertThat(Units.duration(Duration.ofMillis(200))).isEqualTo("200 ms");
        assertThat(Units.duration(Duration.ofSeconds(4))).isEqualTo("4 s");
        assertThat(Units.duration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Units.duration(Duration.ofSeconds(60))).isEqualTo("1 min");
    }

    @Test
    void writesSecondsUnderAMinuteAndNeverRoundsANonZeroDurationToZero() {
        assertThat(Units.duration(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(Units.duration(Duration.ofNanos(1))).isEqualTo("1 ms");
        assertThat(Units.duration(Duration.ofMillis(300))).isEqualTo("300 ms");
        assertThat(Units.duration(Duration.ofMillis(999).plusNanos(1))).isEqualTo("1 s");
        assertThat(Units.duration(Duration.ofMillis(59_950))).isEqualTo("1 min");
        assertThat(Units.duration(Duration.ofMillis(59_900))).isEqualTo("59.9 s");
        assertThat(Units.duration(Duration.ZERO)).isEqualTo("0 s");
    }

    @Test
    void roundsUpSoAnEstimateAboveABudgetNeverReadsAsEqualToIt() {
        assertThat(Units.duration(Duration.ofMillis(1_010))).isEqualTo("1.1 s");
        assertThat(Units.duration(Duration.ofMinutes(10).plusMillis(1))).isEqualTo("10 min 1 s");
        assertThat(Units.duration(Duration.ofMinutes(10))).isEqualTo("10 min");
    }

    @Test
    void writesLongDurationsInHoursMinutesAndSeconds() {
        assertThat(Units.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
        assertThat(Units.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(Units.duration(Duration.ofHours(1))).isEqualTo("1 h");
        assertThat(Units.duration(Duration.ofSeconds(3620))).isEqualTo("1 h 0 min 20 s");
        assertThat(Units.duration(Duration.ofSeconds(-90))).isEqualTo("-1 min 30 s");
    }

    @Test
    void writesPercentagesWithOneDecimalAndNeverAsZeroOrAllWhenTheyAreNot() {
        assertThat(Units.percent(41.23)).isEqualTo("41.2%");
        assertThat(Units.percent(0)).isEqualTo("0.0%");
        assertThat(Units.percent(0.04)).isEqualTo("<0.1%");
        assertThat(Units.percent(0.05)).isEqualTo("0.1%");
        assertThat(Units.percent(99.96)).isEqualTo(">99.9%");
        assertThat(Units.percent(100)).isEqualTo("100.0%");
        assertThat(Units.percent(-0.01)).isEqualTo(">-0.1%");
    }
}
