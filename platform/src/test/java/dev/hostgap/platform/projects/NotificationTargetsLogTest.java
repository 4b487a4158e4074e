package dev.hostgap.platform.projects;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up lines that say which providers are told about judged jobs (notify's
 * NotificationTargetsLog). Properties of its own, so this class starts its own platform and sees
 * the lines it logs when it is ready.
 */
@PlatformTest
@TestPropertySource(properties = {"hostgap.notify.github.token=gh-startup-log-secret-token",
        "hostgap.notify.github.api-url=https://ghe.example.org/api/v3", "hostgap.notify.public-url=https://hostgap.example.org/"})
@ExtendWith(OutputCaptureExtension.class)
class NotificationTargetsLogTest {

    @Test
    void logsAtStartWhichProvidersAreNotifiedWithoutTheirTokens(CapturedOutput output) {
        assertThat(output.getAll())
                .contains("GitHub notifications: on (https://ghe.example.org/api/v3)")
                .contains("their links to https://hostgap.example.org")
                .contains("GitLab notifications: off (hostgap.notify.gitlab.token is not set)")
                .doesNotContain("gh-startup-log-secret-token");
    }
}
