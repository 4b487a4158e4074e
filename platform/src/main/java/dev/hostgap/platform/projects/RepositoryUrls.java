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
        return split(url)[1];
    }

    /** The host (with its port) and the path, lower case: what two spellings of one repository share. */
    public static String normalize(String url) {
        String[] hostAndPath = split(url);
        String joined = hostAndPath[0] + "/" + hostAndPath[1];
        return joined.equals("/") ? "" : joined.toLowerCase(Locale.ROOT);
    }

    /** {@code [host[:port], path]}: scheme, user and password, trailing slashes and {@code .git} dropped. */
    private static String[] split(String url) {
        if (url == null || url.isBlank()) {
            return new String[] {"", ""};
        }
        String u = url.strip();
        int scheme = u.indexOf("://");
        String authority;
        String path;
        if (scheme >= 0) {
            u = u.substring(scheme + 3);
            int slash = u.indexOf('/');
            authority = slash < 0 ? u : u.substring(0, slash);
            path = slash < 0 ? "" : u.substring(slash + 1);
        } else if (u.contains("@") && u.contains(":")) {
            authority = u.substring(0, u.indexOf(':')); // scp-like git@host:owner/repo
            path = u.substring(u.indexOf(':') + 1);
        } else {
            int slash = u.indexOf('/');
            authority = slash < 0 ? u : u.substring(0, slash);
            path = slash < 0 ? "" : u.substring(slash + 1);
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1); // user@ or user:password@
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new String[] {host, path.endsWith(".git") ? path.substring(0, path.length() - 4) : path};
    }
}
