package dev.hostgap.platform.security;

import java.net.Socket;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API behind closed reads, attacked over real HTTP with path variants that Tomcat and Spring
 * route to the API although their raw URI does not start with /api/. Raw sockets, so no client
 * normalizes the path first. Each must be refused (401), or not found, never answered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN, "hostgap.security.public-reads=false",
                "hostgap.api.max-body-size=1KB"})
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class PathVariantsTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/projects", "/%61pi/v1/projects", "/api;x=1/v1/projects", "/api/v1;x=1/projects",
            "//api/v1/projects", "/api//v1/projects", "/api/v1/./projects", "/x/../api/v1/projects", "/%2561pi/v1/projects",
            "/api/%761/projects"})
    void closedReadsStayClosedWhateverThePathLooksLike(String path) throws Exception {
        String response = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(statusOf(response)).as(path + " → " + response.lines().findFirst().orElse(""))
                .isIn(400, 401, 404);
        assertThat(response).doesNotContain("\"repoUrl\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%61pi/v1/projects", "/api;x=1/v1/projects", "/API/v1/projects"})
    void writesWithoutATokenAreRefusedOnEveryVariant(String path) throws Exception {
        String body = "{\"name\":\"sneaky\",\"repoUrl\":\"u\",\"defaultBranch\":\"main\"}";
        String response = send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(statusOf(response)).as(path).isIn(400, 401, 404, 405);
    }

    /** The endpoints added in round 2 of the hardening: an approval without a token and an unsigned webhook, on every spelling. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/projects/p/pull-requests/1/approvals", "/%61pi/v1/projects/p/pull-requests/1/approvals",
            "/api;x=1/v1/projects/p/pull-requests/1/approvals", "/api/v1/webhooks/github", "/%61pi/v1/webhooks/github",
            "/api;x=1/v1/webhooks/github", "/api/v1/webhooks;x=1/github"})
    void approvalsAndWebhooksWithoutCredentialsAreRefusedOnEveryVariant(String path) throws Exception {
        String body = "{\"sha\":\"" + "a".repeat(40) + "\",\"repository\":{\"clone_url\":\"https://github.com/a/b.git\"}}";
        String response = send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-GitHub-Event: push\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(statusOf(response)).as(path + " → " + response.lines().findFirst().orElse("")).isIn(400, 401, 404, 405);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsReadOnEveryRoute() throws Exception {
        for (String path : new String[] {"/%61pi/v1/runs", "/api;x=1/v1/runs", "/index.html"}) {
            // the body never comes: the answer must not wait for it, so read only the status line
            String response = statusLine("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000000\r\nConnection: close\r\n\r\n{");
            assertThat(statusOf(response)).as(path).isEqualTo(413);
        }
    }

    private String send(String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private String statusLine(String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static int statusOf(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
