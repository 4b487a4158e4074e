package dev.hostgap.platform;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Feature packages talk through their public types only, and never in a cycle. */
class ModularityTest {

    @Test
    void featurePackagesRespectTheirBoundaries() {
        ApplicationModules.of(HostgapApplication.class).verify();
    }
}
