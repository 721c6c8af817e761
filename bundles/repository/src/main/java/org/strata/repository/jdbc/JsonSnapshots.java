package org.strata.repository.jdbc;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * Renders the objects that history entries keep as JSON. Hosts are rendered from {@link
 * org.strata.repository.StoredHost}, which has {@code hasPassword} but no password, so no secret can reach
 * the history.
 */
final class JsonSnapshots {

    private final ObjectMapper mapper;

    JsonSnapshots() {
        // Instants as ISO-8601 text, without needing the jackson-datatype-jsr310 bundle at run time.
        SimpleModule times = new SimpleModule("strata-times").addSerializer(Instant.class, ToStringSerializer.instance);
        this.mapper = new ObjectMapper()
                .registerModule(times)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only our own records are rendered; failing here is a programming error, not bad input.
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
