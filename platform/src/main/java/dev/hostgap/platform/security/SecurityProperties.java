package dev.hostgap.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminToken the admin bearer token ({@code HOSTGAP_ADMIN_TOKEN}); when unset, one is
 *                   generated at the first start, printed once and stored hashed
 * @param publicReads whether GET requests under /api need no token
 */
@ConfigurationProperties("hostgap.security")
public record SecurityProperties(String adminToken, @DefaultValue("true") boolean publicReads) {
}
