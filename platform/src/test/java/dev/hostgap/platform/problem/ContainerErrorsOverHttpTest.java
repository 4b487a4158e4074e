package dev.hostgap.platform.problem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Tomcat refuses before a controller runs still gets a problem body (real HTTP: MockMvc has no
 * container to refuse anything). Same context as ConcurrentUploadsOverHttpTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
class ContainerErrorsOverHttpTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void moreThanAThousandFormParametersGetAProblemBody() throws Exception {
        String form = IntStream.range(0, 1_500).mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/projects"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(answer);

        HttpResponse<String> query = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/projects?" + form)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).as(query.body()).isLessThan(500);
        if (query.statusCode() >= 400) {
            assertProblem(query);
        }
    }

    /**
     * A client that asks before sending a body over the limit (`Expect: 100-continue`, as curl does for
     * large bodies) gets the 413 problem before sending it; Tomcat's default "100 Continue" at once had
     * it send the body into a closed connection.
     */
    @Test
    void anOversizedUploadThatAsksFirstGets413BeforeSendingIt() throws Exception {
        // a raw socket: JDK 17's HttpClient waits forever for "100 Continue" when a final answer comes instead
        for (int attempt = 0; attempt < 3; attempt++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + PlatformTest.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + (17 * 1024 * 1024) + "\r\nExpect: 100-continue\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8));
                String statusLine = in.readLine();
                assertThat(statusLine).as("the first answer, before any of the body is sent").startsWith("HTTP/1.1 413");
                StringBuilder rest = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    rest.append(line).append('\n');
                    if (line.contains("payload-too-large")) {
                        break;
                    }
                }
                assertThat(rest.toString()).contains("application/problem+json", "/problems/payload-too-large");
            }
        }
    }

    private static void assertProblem(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("type").asString()).startsWith("/problems/");
        assertThat(body.path("status").asInt()).isEqualTo(answer.statusCode());
        assertThat(body.path("detail").asString()).isNotBlank();
    }
}
