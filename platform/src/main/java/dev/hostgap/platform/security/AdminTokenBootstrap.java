package dev.hostgap.platform.security;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Gives a fresh installation an admin token without any configuration: generated at the first
 * start, printed once, stored hashed. Later starts print nothing; set HOSTGAP_ADMIN_TOKEN to choose one.
 */
@Component
class AdminTokenBootstrap implements ApplicationRunner {

    private final SecurityProperties properties;
    private final TokenStore tokens;

    AdminTokenBootstrap(SecurityProperties properties, TokenStore tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.adminToken() != null && !properties.adminToken().isBlank() || tokens.hasStoredAdminToken()) {
            return;
        }
        String token = tokens.create("generated-admin", null);
        System.out.println();
        System.out.println("  hostgap admin token (shown once, stored only as a hash): " + token);
        System.out.println("  export HOSTGAP_TOKEN=" + token);
        System.out.println();
    }
}
