package dev.hostgap.platform.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.is;

/** Token guessing is cut off per client address, and the admin token must be long enough to resist it. */
@SpringBootTest(properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN, "hostgap.security.failed-auth-limit=5"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class FailedAuthenticationTest {

    @Autowired
    MockMvc mvc;

    @Test
    void aClientThatKeepsGuessingTokensIsRefusedForTheRestOfTheMinute() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/projects").header("Authorization", "Bearer guess-" + i)).andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/v1/projects").header("Authorization", "Bearer guess-6"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.type", is("/problems/too-many-failed-authentications")));
        // reads without a token are not guessing and stay open
        mvc.perform(get("/api/v1/projects")).andExpect(status().isOk());
        // and a valid token from the same address (a shared proxy, a NAT) always passes: only failures are limited
        mvc.perform(get("/api/v1/runners").header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/projects").header("Authorization", "Bearer guess-7")).andExpect(status().isTooManyRequests());
    }

    @Test
    void theWindowEndsAfterAMinute() {
        var clock = new MutableClock();
        FailedAuthentications failures = new FailedAuthentications(2, clock);
        failures.failed("10.0.0.1", "test");
        failures.failed("10.0.0.1", "test");
        assertThat(failures.blockedFor("10.0.0.1")).isEqualTo(60);
        assertThat(failures.blockedFor("10.0.0.2")).isZero();
        clock.now = clock.now.plusSeconds(61);
        assertThat(failures.blockedFor("10.0.0.1")).isZero();
    }

    @Test
    void refusesAShortAdminToken() {
        assertThatThrownBy(() -> new SecurityProperties("short-token", true, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
        assertThat(new SecurityProperties(null, true, 20).adminToken()).isNull();
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }
}
