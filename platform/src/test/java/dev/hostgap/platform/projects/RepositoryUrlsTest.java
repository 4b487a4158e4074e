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

    @Test
    void acceptsTheFormsGitClonesFrom() {
        assertThat(new String[] {"https://github.com/acme/engine.git", "HTTPS://GitHub.com/acme/engine", "http://10.0.0.7/acme/engine",
                "ssh://git@github.com/acme/engine", "ssh://github.com:2222/acme/engine.git", "git://example.org/acme/engine",
                "git@github.com:acme/engine.git", "deploy@git.example.org:/srv/git/engine.git", "file:///tmp/work/engine/",
                "file://localhost/tmp/work/engine", "https://[2001:db8::1]:8443/acme/engine"})
                .allSatisfy(url -> assertThat(RepositoryUrls.accepted(url)).as(url).isTrue());
    }

    @Test
    void refusesWhatNamesNoRepository() {
        assertThat(new String[] {"this is not a url", "u", "/srv/git/engine", "github.com/acme/engine", "github.com:acme/engine",
                "https://github.com", "https://github.com/", "https://github.com/.git", "https://-github.com/acme/engine",
                "mailto://github.com/acme/engine", "https://:443/acme/engine", "https://user:secret@github.com/acme/engine",
                "ssh://git:secret@github.com/acme/engine", " https://github.com/acme/engine", "https://github.com/acme/\tengine",
                "https://github.com/acme/engine\u0000", "https://github.com/acme/engine\u202E", "file://host/tmp/engine", "file:///",
                "https://github.com/acme/" + "e".repeat(RepositoryUrls.MAX_LENGTH)})
                .allSatisfy(url -> assertThat(RepositoryUrls.accepted(url)).as(url).isFalse());
        assertThat(RepositoryUrls.accepted(null)).isFalse();
    }

    @Test
    void theStatusRepositoryIsThePathOfANetworkUrlNeverOfAFileUrl() {
        assertThat(RepositoryUrls.statusRepository("git@github.com:Acme/Engine.git")).contains("Acme/Engine");
        assertThat(RepositoryUrls.statusRepository("https://gitlab.example.org/group/sub/project.git")).contains("group/sub/project");
        assertThat(RepositoryUrls.statusRepository("file:///tmp/work/engine/")).as("a directory, not a provider's repository").isEmpty();
        assertThat(RepositoryUrls.statusRepository("https://example.org/engine.git")).as("no owner").isEmpty();
        assertThat(RepositoryUrls.statusRepository("deploy@git.example.org:/srv/git/engine.git")).as("an absolute path").isEmpty();
        assertThat(RepositoryUrls.statusRepository("u")).isEmpty();
    }

    @Test
    void aStatusRepositoryIsOneGitHubOrGitLabCanTake() {
        assertThat(new String[] {"Codertocat/Hello-World", "group/sub/project", "4242", "acme/.github"})
                .allSatisfy(name -> assertThat(RepositoryUrls.isStatusRepository(name)).as(name).isTrue());
        assertThat(new String[] {"engine", "acme/..", "./engine", "acme/eng ine", "acme/engine/", "https://github.com/acme/engine", ""})
                .allSatisfy(name -> assertThat(RepositoryUrls.isStatusRepository(name)).as(name).isFalse());
    }
}
