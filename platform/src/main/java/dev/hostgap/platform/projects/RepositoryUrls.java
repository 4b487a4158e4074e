package dev.hostgap.platform.projects;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One spelling for the many ways a repository is named: {@code https://github.com/acme/engine.git},
 * {@code git@github.com:acme/engine.git}, {@code ssh://git@github.com/acme/engine} and
 * {@code http://github.com/Acme/Engine/} are all {@code github.com/acme/engine}. It also decides
 * which spellings a project may be created with, and which repository a provider is told about.
 */
public final class RepositoryUrls {

    static final int MAX_LENGTH = 1000;

    /** What {@link #accepted} takes, in the words an admin reads in a 422. */
    static final String ACCEPTED_FORMS = "https://host/path, http://host/path, ssh://[user@]host[:port]/path, "
            + "git://host[:port]/path, file:///path or scp-like user@host:path";

    private static final String HOST = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*";
    /** A user name but never a password: GET /api/v1/projects shows the URL to everyone. */
    private static final String USER = "[A-Za-z0-9._~%!$&'()*+,;=-]+@";
    private static final Pattern NETWORK_URL = Pattern.compile(
            "(https?|ssh|git)://(" + USER + ")?(" + HOST + "|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?/.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCP_LIKE = Pattern.compile(USER + HOST + ":(?!.*://).*"); // no "://" that split() would take for a URL
    private static final Pattern FILE_URL = Pattern.compile("file://(localhost)?/.*", Pattern.CASE_INSENSITIVE);
    /** GitHub's owner/repo, GitLab's group/subgroup/project (up to six levels) or GitLab's numeric project id. */
    private static final Pattern STATUS_REPOSITORY =
            Pattern.compile("[0-9]{1,20}|[A-Za-z0-9_.-]{1,100}(/[A-Za-z0-9_.-]{1,100}){1,5}");

    private RepositoryUrls() {
    }

    /**
     * Whether a project may name its repository so: one of {@link #ACCEPTED_FORMS}, with a host where
     * the scheme needs one and a path, at most {@link #MAX_LENGTH} characters, without whitespace,
     * control or invisible formatting characters, without a password.
     */
    static boolean accepted(String url) {
        return url != null && url.length() <= MAX_LENGTH
                && url.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                        || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)
                && (NETWORK_URL.matcher(url).matches() || SCP_LIKE.matcher(url).matches() || FILE_URL.matcher(url).matches())
                && !path(url).isEmpty();
    }

    /** Whether GitHub or GitLab can take this as the repository a commit status goes to. */
    static boolean isStatusRepository(String name) {
        return name != null && STATUS_REPOSITORY.matcher(name).matches()
                && !name.matches("(.*/)?\\.+(/.*)?"); // no "." or ".." segment: the provider's API path stays put
    }

    /**
     * The repository a provider is told about when none is configured: the path of a network URL
     * ({@code acme/engine}). Empty for a {@code file://} URL, whose path names a directory, not a
     * repository on GitHub or GitLab, and for a path no provider takes.
     */
    static Optional<String> statusRepository(String url) {
        if (url == null || !(NETWORK_URL.matcher(url).matches() || SCP_LIKE.matcher(url).matches())) {
            return Optional.empty();
        }
        return Optional.of(path(url)).filter(RepositoryUrls::isStatusRepository);
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
