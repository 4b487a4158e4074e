package dev.hostgap.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The hostgap platform: ingest, history, compare and the web UI, backed by PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HostgapApplication {

    public static void main(String[] args) {
        SpringApplication.run(HostgapApplication.class, args);
    }
}
