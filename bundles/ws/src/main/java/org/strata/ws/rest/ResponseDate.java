package org.strata.ws.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.ws.rs.core.HttpHeaders;
import org.apache.cxf.helpers.CastUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * The {@code Date} header of every REST answer, formatted once a second. CXF adds one only when the answer has
 * none yet, and formats it with a new {@code SimpleDateFormat} each time (2-3 % of a cheap request's CPU under
 * load, docs/performance.md "Cheaper requests"), before any response filter runs; it first copies the out
 * message's protocol headers into the answer's, so this interceptor puts the date there, in a phase before CXF's
 * (MARSHAL). The text is CXF's: RFC 1123 in GMT, the day of the month in two digits.
 */
public final class ResponseDate extends AbstractPhaseInterceptor<Message> {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private record Stamp(long second, String text) {}

    private final Clock clock;
    private volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    public ResponseDate() {
        this(Clock.systemUTC());
    }

    ResponseDate(Clock clock) {
        super(Phase.PRE_LOGICAL);
        this.clock = clock;
    }

    @Override
    public void handleMessage(Message message) {
        Map<String, List<Object>> headers = CastUtils.cast((Map<?, ?>) message.get(Message.PROTOCOL_HEADERS));
        if (headers == null) {
            headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            message.put(Message.PROTOCOL_HEADERS, headers);
        }
        if (!headers.containsKey(HttpHeaders.DATE)) {
            // Mutable: CXF turns header values into text in place.
            List<Object> value = new ArrayList<>(1);
            value.add(now());
            headers.put(HttpHeaders.DATE, value);
        }
    }

    /** The current second as an HTTP date; racing threads at a new second both format it, the same text. */
    String now() {
        long second = Math.floorDiv(clock.millis(), 1000L);
        Stamp known = last;
        if (known.second() != second) {
            known = new Stamp(second, HTTP_DATE.format(Instant.ofEpochSecond(second)));
            last = known;
        }
        return known.text();
    }
}
