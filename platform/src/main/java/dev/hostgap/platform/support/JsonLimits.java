package dev.hostgap.platform.support;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What parsing one JSON body may cost, for every body the platform reads (uploads, webhooks, the
 * API): its size is bounded before it is read ({@code hostgap.api.max-body-size},
 * {@link RequestBodyLimitFilter}); these bound its nesting and its number of tokens, so that a body
 * of millions of empty objects cannot become millions of tree nodes. A body past them is a 400
 * malformed-JSON problem. Spring Boot has no property for a parser's constraints, so this replaces its
 * {@code JsonMapper.Builder} with one on a constrained factory and applies Boot's customizers as
 * Boot's own builder does.
 */
@Configuration(proxyBeanMethods = false)
public class JsonLimits {

    /** Deeper than any payload GitHub, GitLab or the upload schema sends (they nest under 12). */
    public static final int MAX_NESTING_DEPTH = 64;
    /**
     * A 16 MB upload of samples written as short numbers ("1.25,") has about 3 million tokens; a
     * body needing more is not one the API defines.
     */
    public static final long MAX_TOKENS = 4_000_000;

    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxTokenCount(MAX_TOKENS)
            .build();

    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }
}
