package nl.infill.system.security;

import java.lang.reflect.Field;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.MapperBuilder;

/**
 * Nesting depth and size limits on every JSON body Spring MVC reads, so a body of 100,000 nested
 * arrays is refused after {@code max-json-depth} levels instead of exhausting the stack.
 *
 * <p>Jackson 3 fixes the token-stream factory when the builder is created and Spring Boot 4 offers
 * no property for read constraints, so the customizer swaps in a factory rebuilt with the limits.
 */
@Configuration
class JsonLimits {

    @Bean
    JsonMapperBuilderCustomizer infillJsonReadLimits(SecurityProperties props) {
        StreamReadConstraints limits = nl.infill.system.JsonInput.limits(props.maxJsonDepth(), props.maxJsonBody().toBytes());
        // the mappers that read bodies and tokens themselves get the same limits
        nl.infill.system.JsonInput.configure(limits);
        return builder -> {
            JsonFactory factory = ((JsonFactory) builder.streamFactory()).rebuild().streamReadConstraints(limits).build();
            try {
                Field f = MapperBuilder.class.getDeclaredField("_streamFactory");
                f.setAccessible(true);
                f.set(builder, factory);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot apply JSON read limits", e);
            }
        };
    }
}
