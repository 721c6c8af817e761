package org.strata.ws.soap;

import java.time.Instant;
import java.time.OffsetDateTime;
import javax.xml.bind.annotation.adapters.XmlAdapter;

/** Instants as xsd:dateTime in UTC ("2024-05-01T10:00:00Z"); input may carry any offset. */
public final class InstantAdapter extends XmlAdapter<String, Instant> {

    @Override
    public Instant unmarshal(String value) {
        return value == null || value.isBlank()
                ? null
                : OffsetDateTime.parse(value.trim()).toInstant();
    }

    @Override
    public String marshal(Instant value) {
        return value == null ? null : value.toString();
    }
}
