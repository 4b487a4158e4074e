package dev.hostgap.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminToken the admin bearer token ({@code HOSTGAP_ADMIN_TOKEN}); when unset, one is
 *                   generated at the first start, printed once and stored hashed. At least 16
 *                   characters: it guards every write of every project
 * @param publicReads whether GET requests under /api need no token
 * @param failedAuthLimit requests with a wrong token one client may send per minute; after that its
 *                        token-bearing requests get 429 until the minute is over
 */
@ConfigurationProperties("hostgap.security")
public record SecurityProperties(String adminToken, @DefaultValue("true") boolean publicReads,
                                 @DefaultValue("20") int failedAuthLimit) {

    static final int MIN_ADMIN_TOKEN = 16;

    public SecurityProperties {
        if (adminToken != null && !adminToken.isBlank() && adminToken.strip().length() < MIN_ADMIN_TOKEN) {
            throw new IllegalArgumentException("HOSTGAP_ADMIN_TOKEN (hostgap.security.admin-token) is "
                    + adminToken.strip().length() + " characters; use at least " + MIN_ADMIN_TOKEN
                    + ", e.g. from 'openssl rand -base64 24', or leave it unset to have one generated");
        }
        if (failedAuthLimit < 1) {
            throw new IllegalArgumentException("hostgap.security.failed-auth-limit must be at least 1");
        }
    }
}
