package dev.hostgap.platform.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize largest request body /api accepts; larger ones get 413 before they are parsed */
@ConfigurationProperties("hostgap.api")
public record BodyLimitProperties(@DefaultValue("16MB") DataSize maxBodySize) {
}
