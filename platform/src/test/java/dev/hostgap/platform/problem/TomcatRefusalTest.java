package dev.hostgap.platform.problem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses before any servlet sees them get a ProblemDetail too, not Tomcat's HTML
 * error page with its version: over real HTTP, since MockMvc never reaches Tomcat.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class TomcatRefusalTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/projects/%00", "/api/v1/runs/1%00", "/api/v1/projects/a%2F..%2Fb/compare", "LONG"})
    void aPathTomcatRefusesIsAnsweredWithAProblem(String path) throws Exception {
        String target = path.equals("LONG") ? "/api/v1/projects/" + "x".repeat(10_000) : path;
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + response.statusCode()).doesNotContain("Tomcat", "<html");
    }
}
