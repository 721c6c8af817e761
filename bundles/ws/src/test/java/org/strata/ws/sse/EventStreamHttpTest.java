package org.strata.ws.sse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.sse.SseHttpForTests.next;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.api.event.Event;
import org.strata.ws.rest.JsonMapper;
import org.strata.ws.sse.SseHttpForTests.Message;

/** The event stream over real HTTP: an in-process Jetty running the servlet as Pax Web does, java.net.http. */
public class EventStreamHttpTest {

    private final InMemoryEventLogForTests log = new InMemoryEventLogForTests();
    private final ObjectMapper json = JsonMapper.create();
    private EventHub hub;
    private EventStreamServlet servlet;
    private SseHttpForTests http;

    @Before
    public void start() throws Exception {
        log.append("driver.started", "driver", "demo");
        hub = new EventHub(log, 60_000);
        hub.start();
        // At most 2 streams, 100 events queued per client, keep-alive after 200 ms.
        servlet = new EventStreamServlet(new EventsEndpoint(log, hub, 100, 200), SseHttpForTests.USERS, 2);
        http = new SseHttpForTests(servlet);
    }

    @After
    public void stop() throws Exception {
        http.close();
        hub.close();
    }

    @Test
    public void strangersBadFiltersAndOtherMethodsGetProblems() throws Exception {
        HttpResponse<String> none = http.send("GET", "", null, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        http.assertProblem(none, "UNAUTHENTICATED");
        http.assertProblem(http.send("GET", "", "nobody", null), "FORBIDDEN");
        // The stream is the platform's: a user scoped to its tenants reads its VMs' events by subject instead.
        http.assertProblem(http.send("GET", "", "acme-user", null), "FORBIDDEN");
        HttpResponse<String> badType = http.send("GET", "?type=vm%20started", "viewer", null);
        assertEquals(400, badType.statusCode());
        http.assertProblem(badType, "INVALID_INPUT");
        http.assertProblem(http.send("GET", "?types=vm.started", "viewer", null), "INVALID_INPUT");
        http.assertProblem(http.send("GET", "", "viewer", "abc"), "INVALID_INPUT");
        HttpResponse<String> post = http.send("POST", "", "viewer", null);
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("Allow").orElse(""));
        http.assertProblem(post, "INVALID_INPUT");
        HttpResponse<String> json = http.sendAcceptingJson();
        assertEquals(406, json.statusCode());
        http.assertProblem(json, "INVALID_INPUT");
        assertEquals(0, servlet.openStreams());
    }

    @Test
    public void liveEventsArriveAndAReconnectWithLastEventIdGetsExactlyTheOnesAfter() throws Exception {
        Iterator<String> first = http.open("", null);
        Event created = log.append("datacenter.created", "datacenter", "dc-1");
        hub.signal();
        Message message = next(first);
        assertEquals(String.valueOf(created.id()), message.id);
        assertEquals("datacenter.created", message.event);
        JsonNode data = json.readTree(message.data);
        assertEquals(json.readTree(json.writeValueAsString(created)), data);
        assertEquals(created.id(), data.get("id").asLong());
        http.closeStreams();

        Event second = log.append("host.added", "host", "h-1");
        Event third = log.append("host.unreachable", "host", "h-1");
        Iterator<String> resumed = http.open("", String.valueOf(created.id()));
        Event fourth = log.append("host.reachable", "host", "h-1");
        hub.signal();
        assertEquals(
                List.of(second.id(), third.id(), fourth.id()),
                List.of(
                        next(resumed).idLong(),
                        next(resumed).idLong(),
                        next(resumed).idLong()));
        Event fifth = log.append("host.removed", "host", "h-1");
        hub.signal();
        assertEquals(
                "no duplicate across the switch from the repository to live",
                fifth.id(),
                next(resumed).idLong());
    }

    @Test
    public void filtersAndSinceSelectWhatIsSent() throws Exception {
        Event a = log.append("vm.started", "vm", "a");
        log.append("vm.started", "vm", "b");
        Event c = log.append("vm.stopped", "vm", "a");
        Iterator<String> stream = http.open("?since=1&type=vm.started,vm.stopped&subject=a&subjectType=vm", null);
        assertEquals(a.id(), next(stream).idLong());
        assertEquals(c.id(), next(stream).idLong());
        log.append("vm.started", "vm", "b");
        Event d = log.append("vm.started", "vm", "a");
        hub.signal();
        assertEquals(d.id(), next(stream).idLong());
    }

    @Test
    public void theNumberOfStreamsIsBoundedAndTheServerStoppingEndsThemWithAReason() throws Exception {
        Iterator<String> one = http.open("", null);
        http.open("", null);
        HttpResponse<String> third = http.send("GET", "", "viewer", null);
        assertEquals(503, third.statusCode());
        assertEquals("5", third.headers().firstValue("Retry-After").orElse(""));
        http.assertProblem(third, "UNAVAILABLE");

        servlet.destroy();
        Message last = next(one);
        assertEquals("closing: the server is stopping; reconnect with Last-Event-ID", last.comment);
        assertFalse("the stream ends", one.hasNext());
    }
}
