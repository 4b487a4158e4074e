package dev.hostgap.runner;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTest {

    @Test
    void runsForItsOwnTimeoutOrAnHourWhenItNamesNone() {
        assertThat(job(90).timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(job(0).timeout()).isEqualTo(Duration.ofHours(1));
        // what "timed out after …" then says, instead of "0 s"
        assertThat(Units.duration(job(0).timeout())).isEqualTo("1 h");
    }

    private static Job job(long timeoutSeconds) {
        return new Job(1, "demo", "https://example.invalid/r.git", "a".repeat(40), "main", "true", timeoutSeconds, 60, 1, null);
    }
}
