package dev.hostgap.platform.projects;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryUrlsTest {

    @Test
    void everySpellingOfARepositoryIsOne() {
        for (String url : new String[] {"https://github.com/acme/engine.git", "git@github.com:acme/engine.git",
                "ssh://git@github.com/acme/engine", "http://github.com/Acme/Engine/", "https://user:pw@github.com/acme/engine"}) {
            assertThat(RepositoryUrls.normalize(url)).as(url).isEqualTo("github.com/acme/engine");
        }
        assertThat(RepositoryUrls.normalize("https://gitlab.example.org:8443/group/sub/project.git"))
                .isEqualTo("gitlab.example.org:8443/group/sub/project");
        assertThat(RepositoryUrls.normalize("file:///tmp/work/engine/")).isEqualTo("/tmp/work/engine");
        assertThat(RepositoryUrls.normalize(" ")).isEmpty();
    }

    @Test
    void thePathKeepsItsCase() {
        assertThat(RepositoryUrls.path("git@github.com:Codertocat/Hello-World.git")).isEqualTo("Codertocat/Hello-World");
        assertThat(RepositoryUrls.path("http://example.com/mike/diaspora.git")).isEqualTo("mike/diaspora");
    }
}
