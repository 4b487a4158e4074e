package dev.hostgap.platform.projects;

import dev.hostgap.platform.PlatformTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** {@code PUT /api/v1/projects/{p}/ci}: where commit statuses go must be somewhere a provider can take. */
@PlatformTest
class CiSettingsTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Autowired
    MockMvc mvc;

    @ParameterizedTest
    @ValueSource(strings = {"engine", "acme/", "/acme/engine", "acme//engine", "acme/../engine", "acme/eng ine",
            "https://github.com/acme/engine", "a/b/c/d/e/f/g", "acme/engine?x=1"})
    void rejectsStatusRepositoryNoProviderCanTake(String statusRepository) throws Exception {
        String project = project("https://github.com/acme/engine.git");

        JsonNode problem = send(put("/api/v1/projects/" + project + "/ci"),
                "{\"statusRepository\":\"" + statusRepository + "\"}", 422);

        assertThat(problem.path("type").asString()).isEqualTo("/problems/invalid-field");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("statusRepository");
        assertThat(problem.path("detail").asString()).contains("owner/repo", "group/project", "numeric project id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Codertocat/Hello-World", "group/sub/project", "4242", "acme/engine.js"})
    void acceptsGitHubAndGitLabStatusRepositories(String statusRepository) throws Exception {
        String project = project("https://github.com/acme/engine.git");

        JsonNode settings = send(put("/api/v1/projects/" + project + "/ci"),
                "{\"statusRepository\":\"" + statusRepository + "\"}", 200);

        assertThat(settings.path("statusRepository").asString()).isEqualTo(statusRepository);
    }

    @Test
    void derivesTheStatusRepositoryFromANetworkRepoUrl() throws Exception {
        String project = project("git@github.com:Acme/Engine.git");

        JsonNode settings = send(put("/api/v1/projects/" + project + "/ci"),
                "{\"webhookSecret\":\"" + SECRET + "\",\"benchmarkCommand\":\"./bench.sh\"}", 200);

        assertThat(settings.path("statusRepository").asString()).isEqualTo("Acme/Engine");
    }

    @Test
    void refusesAWebhookSecretWhenTheFileRepoUrlGivesNoStatusRepository() throws Exception {
        String project = project("file:///srv/git/engine.git");

        JsonNode problem = send(put("/api/v1/projects/" + project + "/ci"),
                "{\"webhookSecret\":\"" + SECRET + "\",\"benchmarkCommand\":\"./bench.sh\"}", 422);

        assertThat(problem.path("type").asString()).isEqualTo("/problems/missing-field");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("statusRepository");
        assertThat(problem.path("detail").asString()).contains("set it to GitHub's owner/repo", "file:///srv/git/engine.git");
        assertThat(send(get("/api/v1/projects/" + project + "/ci"), null, 200).path("webhookSecretSet").asBoolean())
                .as("nothing was stored").isFalse();
    }

    @Test
    void acceptsAFileRepoUrlWithAnExplicitStatusRepository() throws Exception {
        String project = project("file:///srv/git/engine.git");

        JsonNode settings = send(put("/api/v1/projects/" + project + "/ci"), "{\"webhookSecret\":\"" + SECRET
                + "\",\"benchmarkCommand\":\"./bench.sh\",\"statusRepository\":\"acme/engine\"}", 200);

        assertThat(settings.path("statusRepository").asString()).isEqualTo("acme/engine");
        assertThat(settings.path("webhookSecretSet").asBoolean()).isTrue();
    }

    @Test
    void aFileRepoUrlWithoutWebhooksNeedsNoStatusRepository() throws Exception {
        String project = project("file:///srv/git/engine.git");

        JsonNode settings = send(put("/api/v1/projects/" + project + "/ci"), "{\"benchmarkCommand\":\"./bench.sh\"}", 200);

        JsonNode statusRepository = settings.path("statusRepository");
        assertThat(statusRepository.isNull() || statusRepository.isMissingNode()).as("no statuses for a directory").isTrue();
    }

    private String project(String repoUrl) throws Exception {
        String name = ProjectTest.uniqueName();
        send(post("/api/v1/projects"), "{\"name\":\"" + name + "\",\"repoUrl\":\"" + repoUrl + "\",\"defaultBranch\":\"main\"}", 201);
        return name;
    }

    private JsonNode send(MockHttpServletRequestBuilder request, String body, int expectedStatus) throws Exception {
        request.header("Authorization", "Bearer " + PlatformTest.ADMIN_TOKEN);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        var response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expectedStatus);
        return ProjectTest.JSON.readTree(response.getContentAsString());
    }
}
