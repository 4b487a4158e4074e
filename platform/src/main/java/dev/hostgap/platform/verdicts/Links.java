package dev.hostgap.platform.verdicts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.hostgap.platform.projects.ProjectRef;

/** The web UI pages that hold an answer, as paths under the UI's address (what a status links to). */
final class Links {

    private Links() {
    }

    static String change(ProjectRef project, long changeId) {
        return "/#/p/" + encode(project.name()) + "/regressions/" + changeId;
    }

    static String commit(ProjectRef project, String sha) {
        return "/#/p/" + encode(project.name()) + "/commits/" + sha;
    }

    /** A pull request's answer: its head against the level its base is at. */
    static String compare(ProjectRef project, String base, String head) {
        return "/#/p/" + encode(project.name()) + "/compare?base=" + base + "&head=" + head + "&baseline=level";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
