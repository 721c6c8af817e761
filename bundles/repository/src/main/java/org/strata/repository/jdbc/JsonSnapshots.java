package org.strata.repository.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Renders the objects that history entries keep as JSON, and reads back the API records that rows keep as
 * JSON (a VM's spec, a host's last report). Hosts are rendered from {@link
 * org.strata.repository.StoredHost}, which has {@code hasPassword} but no password, so no secret can reach
 * the history.
 */
final class JsonSnapshots {

    private final ObjectMapper mapper;

    JsonSnapshots() {
        // Instants as ISO-8601 text, without needing the jackson-datatype-jsr310 bundle at run time.
        SimpleModule times = new SimpleModule("strata-times")
                .addSerializer(Instant.class, ToStringSerializer.instance)
                .addDeserializer(Instant.class, new InstantText());
        this.mapper = new ObjectMapper()
                .registerModule(times)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // A row written by a newer Strata may hold fields this one does not know: read what we know.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
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

    <T> T fromJson(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            // Only what toJson wrote is read back; failing here means a damaged row.
            throw new IllegalStateException("cannot read a stored " + type.getSimpleName(), e);
        }
    }

    <T> T fromJson(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot read a stored " + type.getType().getTypeName(), e);
        }
    }

    private static final class InstantText extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Instant.parse(p.getValueAsString());
        }
    }
}
