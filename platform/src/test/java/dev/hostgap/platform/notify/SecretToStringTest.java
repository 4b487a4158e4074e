package dev.hostgap.platform.notify;

import java.net.URI;
import java.util.List;

import dev.hostgap.platform.projects.CiProject;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records print every component in toString: a provider token or a decrypted webhook secret ends
 * up in any log line, exception message or debugger view that prints the object.
 */
class SecretToStringTest {

    @Test
    void providerApisDoNotPrintTheirTokens() {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(new GitHubApi(URI.create("https://api.github.com"), "ghp_SECRET_TOKEN_123", json).toString())
                .doesNotContain("ghp_SECRET_TOKEN_123");
        assertThat(new GitLabApi(URI.create("https://gitlab.com/api/v4"), "glpat-SECRET_TOKEN_123", json).toString())
                .doesNotContain("glpat-SECRET_TOKEN_123");
    }

    @Test
    void aCiProjectDoesNotPrintItsDecryptedWebhookSecret() {
        CiProject project = new CiProject(1, "p", "https://github.com/a/b", "main", "the-decrypted-webhook-secret", "./b.sh",
                3600, List.of(), List.of(), null, dev.hostgap.platform.projects.ForkPullRequests.AFTER_APPROVAL);
        assertThat(project.toString()).doesNotContain("the-decrypted-webhook-secret");
    }
}
