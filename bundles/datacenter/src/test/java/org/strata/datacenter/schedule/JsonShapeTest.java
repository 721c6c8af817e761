package org.strata.datacenter.schedule;

import static org.junit.Assert.assertEquals;
import static org.strata.datacenter.schedule.Examples.EXAMPLE;
import static org.strata.datacenter.schedule.Examples.calendar;
import static org.strata.datacenter.schedule.Examples.paris;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import org.junit.Test;

/** The records as the ws bundle's mapper (jsr310, ISO instants, unknown fields refused) reads and writes them. */
public class JsonShapeTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String SCHEDULE = "{\"zone\":\"Europe/Paris\",\"defaultPolicy\":\"balanced\",\"windows\":["
            + "{\"name\":\"nights and weekends\",\"policy\":\"power-saving\",\"start\":\"0 0 20 ? * MON-FRI\","
            + "\"end\":\"0 0 7 ? * MON-FRI\",\"zone\":\"Europe/Paris\",\"except\":[]},"
            + "{\"name\":\"business hours\",\"policy\":\"performance\",\"start\":\"0 0 8 ? * MON-FRI\","
            + "\"end\":\"0 0 18 ? * MON-FRI\",\"zone\":\"Europe/Paris\",\"except\":[\"2026-12-24\",\"--12-25\"]}],"
            + "\"policyDays\":[]}";

    @Test
    public void aScheduleIsWrittenWithItsExpressionsAndZonesAsText() throws Exception {
        assertEquals(SCHEDULE, mapper.writeValueAsString(EXAMPLE));
        assertEquals(EXAMPLE, mapper.readValue(SCHEDULE, Schedule.class));
    }

    @Test
    public void listsLeftOutAreEmpty() throws Exception {
        Schedule plain = mapper.readValue("{\"zone\":\"UTC\",\"defaultPolicy\":\"balanced\"}", Schedule.class);

        assertEquals(List.of(), plain.windows());
        assertEquals(List.of(), plain.policyDays());
    }

    @Test
    public void aRecordsCheckReachesTheCallerThroughJackson() {
        String bad = SCHEDULE.replace("0 0 18 ?", "0 0 28 ?");

        JsonMappingException e =
                org.junit.Assert.assertThrows(JsonMappingException.class, () -> mapper.readValue(bad, Schedule.class));
        assertEquals(
                "window \"business hours\": end: \"0 0 28 ? * MON-FRI\" is not a Quartz cron expression ("
                        + Validation.CRON_SHAPE + "): Hour values must be between 0 and 23",
                e.getCause().getMessage());
    }

    @Test
    public void aTimelineIsAListOfSegmentsWithIsoInstants() throws Exception {
        List<Segment> evening = calendar(EXAMPLE).timeline(paris("2026-12-07T17:00"), paris("2026-12-07T21:00"));

        assertEquals(
                "[{\"policy\":\"performance\",\"window\":\"business hours\",\"day\":null,"
                        + "\"start\":\"2026-12-07T16:00:00Z\",\"end\":\"2026-12-07T17:00:00Z\"},"
                        + "{\"policy\":\"balanced\",\"window\":null,\"day\":null,"
                        + "\"start\":\"2026-12-07T17:00:00Z\",\"end\":\"2026-12-07T19:00:00Z\"},"
                        + "{\"policy\":\"power-saving\",\"window\":\"nights and weekends\",\"day\":null,"
                        + "\"start\":\"2026-12-07T19:00:00Z\",\"end\":\"2026-12-07T20:00:00Z\"}]",
                mapper.writeValueAsString(evening));
        assertEquals(
                "{\"policy\":\"balanced\",\"window\":null,\"day\":null,\"since\":\"2026-12-07T17:00:00Z\","
                        + "\"until\":\"2026-12-07T19:00:00Z\"}",
                mapper.writeValueAsString(calendar(EXAMPLE).activeAt(paris("2026-12-07T18:30"))));
    }
}
