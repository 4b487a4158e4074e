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

    /** The repository's path on its host, case kept: {@code acme/engine} for any spelling above. */
    public static String path(String url) {
        if (url == null) {
            return "";
        }
        String u = url.strip();
        int scheme = u.indexOf("://");
        if (scheme >= 0) {
            u = u.substring(scheme + 3);
            int slash = u.indexOf('/');
            u = slash < 0 ? "" : u.substring(slash + 1); // drop [user@]host[:port]
        } else if (u.contains("@") && u.contains(":")) {
            u = u.substring(u.indexOf(':') + 1); // scp-like git@host:owner/repo
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
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
