package org.strata.ws.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.cxf.jaxrs.utils.HttpUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.junit.Test;

/** The Date header that ResponseDate puts before CXF's own is the text CXF would have written. */
public class ResponseDateTest {

    @Test
    public void theTextIsCxfs() {
        for (String at : List.of("2026-12-05T20:33:39.250Z", "2027-01-01T00:00:00Z", "2026-03-09T07:05:01.999Z")) {
            Instant instant = Instant.parse(at);
            ResponseDate date = new ResponseDate(Clock.fixed(instant, ZoneOffset.UTC));
            assertEquals(HttpUtils.getHttpDateFormat().format(Date.from(instant)), date.now());
        }
    }

    @Test
    public void itIsFormattedOnceASecond() {
        ResponseDate date = new ResponseDate(Clock.fixed(Instant.parse("2026-12-05T20:33:39Z"), ZoneOffset.UTC));
        assertSame(date.now(), date.now());
    }

    @Test
    public void itGoesIntoTheOutMessagesHeadersUnlessOneIsThere() {
        ResponseDate date = new ResponseDate(Clock.fixed(Instant.parse("2026-12-05T20:33:39Z"), ZoneOffset.UTC));
        Message message = new MessageImpl();
        date.handleMessage(message);
        @SuppressWarnings("unchecked")
        Map<String, List<Object>> headers = (Map<String, List<Object>>) message.get(Message.PROTOCOL_HEADERS);
        assertEquals(List.of("Sat, 05 Dec 2026 20:33:39 GMT"), headers.get("date"));

        headers.put("Date", new java.util.ArrayList<>(List.of("given")));
        date.handleMessage(message);
        assertEquals(List.of("given"), headers.get("Date"));
    }
}
