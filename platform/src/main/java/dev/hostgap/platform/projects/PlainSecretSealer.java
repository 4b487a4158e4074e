package dev.hostgap.platform.projects;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** At start, encrypts webhook secrets stored in plain text by versions before secrets were sealed. */
@Component
class PlainSecretSealer implements ApplicationRunner {

    private final ProjectDirectory projects;

    PlainSecretSealer(ProjectDirectory projects) {
        this.projects = projects;
    }

    @Override
    public void run(ApplicationArguments args) {
        projects.sealPlainWebhookSecrets();
    }
}
