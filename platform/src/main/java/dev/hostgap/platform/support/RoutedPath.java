package dev.hostgap.platform.support;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UrlPathHelper;

/**
 * Whether a request is for the API, decided on the path Spring routes, not on the raw URI: decoded
 * ({@code /%61pi/…} is {@code /api/…}), without path parameters ({@code /api;x=1/…}) and with
 * doubled slashes collapsed. Filters that compared raw URI prefixes let such variants reach the API
 * unauthenticated; every filter that guards the API asks here.
 */
public final class RoutedPath {

    private static final UrlPathHelper PATHS = new UrlPathHelper(); // decodes, drops ';…', collapses '//'

    private RoutedPath() {
    }

    /** The request's path as Spring routes it. */
    public static String of(HttpServletRequest request) {
        return PATHS.getPathWithinApplication(request);
    }

    public static boolean isApi(HttpServletRequest request) {
        String routed = of(request);
        return routed.equals("/api") || routed.startsWith("/api/") || request.getRequestURI().startsWith("/api");
    }
}
