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
