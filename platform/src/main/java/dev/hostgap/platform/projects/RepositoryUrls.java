package dev.hostgap.platform.projects;

import java.util.Locale;

/**
 * One spelling for the many ways a repository is named: {@code https://github.com/acme/engine.git},
 * {@code git@github.com:acme/engine.git}, {@code ssh://git@github.com/acme/engine} and
 * {@code http://github.com/Acme/Engine/} are all {@code github.com/acme/engine}.
 */
public final class RepositoryUrls {

    private RepositoryUrls() {
    }

    public static String normalize(String url) {
        if (url == null) {
            return "";
        }
        String u = url.strip().toLowerCase(Locale.ROOT);
        int scheme = u.indexOf("://");
        if (scheme >= 0) {
            u = u.substring(scheme + 3);
        } else if (u.contains("@") && u.contains(":")) {
            u = u.replaceFirst(":", "/"); // scp-like git@host:owner/repo
        }
        int at = u.indexOf('@');
        if (at >= 0 && at < u.indexOf('/')) {
            u = u.substring(at + 1); // user@ or user:password@
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        return u;
    }
}
