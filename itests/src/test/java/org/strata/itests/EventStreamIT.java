package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.strata.api.task.Task;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;

/**
 * Events pushed, end to end in the real distribution: recorded events published on Event Admin with their
 * repository id, and streamed over HTTPS as Server-Sent Events that resume after Last-Event-ID with no gap and no
 * duplicate; task changes streamed as they happen ({@code /api/v1/tasks/stream}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventStreamIT extends StrataTestSupport {

    private static final String STREAM = "/api/v1/events/stream";
    private static final String TASK_STREAM = "/api/v1/tasks/stream";

    @Inject
    protected TaskEngine engine;

    private final List<Stream<String>> open = new ArrayList<>();
    private final List<Event> published = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> watcher;

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "org/strata/event/*");
        watcher = bundleContext.registerService(EventHandler.class, published::add, properties);
    }

    @After
    public void close() {
        open.forEach(Stream::close);
        watcher.unregister();
    }

    @Test
    public void strangersAndBadFiltersAreRefusedWithProblems() throws Exception {
        HttpResponse<String> anonymous = send(request(STREAM, null, null).GET().build());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertProblem(anonymous, 401, "UNAUTHENTICATED");
        assertProblem(send(request(STREAM, ADMIN, "wrong").GET().build()), 401, "UNAUTHENTICATED");
        assertProblem(
                send(request(STREAM + "?type=not%20a%20type", ADMIN, ADMIN_PASSWORD)
                        .GET()
                        .build()),
                400,
                "INVALID_INPUT");
        assertProblem(
                send(request(STREAM + "?kind=x", ADMIN, ADMIN_PASSWORD).GET().build()), 400, "INVALID_INPUT");
        assertProblem(
                send(request(STREAM, ADMIN, ADMIN_PASSWORD)
                        .header("Last-Event-ID", "x")
                        .GET()
                        .build()),
                400,
                "INVALID_INPUT");
    }

    @Test
    public void recordedEventsArePublishedAndStreamedAndAReconnectResumesExactlyAfterTheLastId() throws Exception {
        String subject = "itest-" + UUID.randomUUID();
        SseClient live = connect("?subject=" + subject, null, VIEWER, VIEWER_PASSWORD);

        record("itest.first", subject, "first");
        Message first = live.next();
        assertEquals("itest.first", first.event);
        JsonNode data = json.readTree(first.data);
        assertEquals(first.idLong(), data.path("id").asLong());
        assertEquals(subject, data.path("subjectId").asText());
        assertEquals("first", data.path("message").asText());
        // The same JSON as GET /api/v1/events returns for it.
        JsonNode listed =
                parse(get("/api/v1/events?subject=" + subject)).path("items").get(0);
        assertEquals(listed, data);
        // Published on Event Admin with its repository id, under org/strata/event/<type with dots as levels>.
        await(
                "the publication of event " + first.id,
                () -> published.stream()
                        .anyMatch(e -> Long.valueOf(first.idLong()).equals(e.getProperty("id"))));
        Event publication = published.stream()
                .filter(e -> Long.valueOf(first.idLong()).equals(e.getProperty("id")))
                .findFirst()
                .orElseThrow();
        assertEquals("org/strata/event/itest/first", publication.getTopic());
        assertEquals(subject, publication.getProperty("subjectId"));
        assertEquals("INFO", publication.getProperty("severity"));
        assertEquals(data.path("time").asText(), publication.getProperty("time"));
        live.close();

        record("itest.second", subject, "second");
        record("itest.third", subject, "third");
        SseClient resumed = connect("?subject=" + subject, first.id, ADMIN, ADMIN_PASSWORD);
        Message second = resumed.next();
        Message third = resumed.next();
        assertEquals(
                List.of("second", "third"),
                List.of(
                        json.readTree(second.data).path("message").asText(),
                        json.readTree(third.data).path("message").asText()));
        assertTrue(first.idLong() < second.idLong() && second.idLong() < third.idLong());
        record("itest.fourth", subject, "fourth");
        Message fourth = resumed.next();
        assertEquals(
                "no duplicate and no gap across the switch to live events",
                "fourth",
                json.readTree(fourth.data).path("message").asText());

        // since= for clients that cannot send the header; a filter by type.
        SseClient since =
                connect("?subject=" + subject + "&type=itest.third,itest.fourth&since=0", null, ADMIN, ADMIN_PASSWORD);
        assertEquals(third.id, since.next().id);
        assertEquals(fourth.id, since.next().id);

        // Nothing published was recorded again (the record topic is another one): four events, not more.
        assertEquals(
                4, parse(get("/api/v1/events?subject=" + subject)).path("total").asInt());
    }

    @Test
    public void eventsTheCoreRecordsItselfAreStreamed() throws Exception {
        SseClient stream =
                connect("?type=DRIVER_UNREGISTERED,DRIVER_REGISTERED&subject=demo", null, ADMIN, ADMIN_PASSWORD);
        org.osgi.framework.Bundle demo = bundle("org.strata.driver.demo");
        demo.stop();
        try {
            assertEquals("DRIVER_UNREGISTERED", stream.next().event);
        } finally {
            demo.start();
        }
        assertEquals("DRIVER_REGISTERED", stream.next().event);
    }

    @Test
    public void stoppingTheWebServicesEndsStreamsWithAReasonAndTheyComeBack() throws Exception {
        SseClient stream = connect("", null, ADMIN, ADMIN_PASSWORD);
        org.osgi.framework.Bundle ws = bundle("org.strata.ws");
        ws.stop();
        try {
            assertEquals("closing: the server is stopping; reconnect with Last-Event-ID", stream.next().comment);
            stream.assertEnded();
        } finally {
            ws.start();
        }
        awaitPlatformReady();
        String subject = "itest-" + UUID.randomUUID();
        await(
                "the stream is served again",
                () -> send(request(STREAM + "?since=x", ADMIN, ADMIN_PASSWORD)
                                        .GET()
                                        .build())
                                .statusCode()
                        == 400);
        SseClient again = connect("?subject=" + subject, null, ADMIN, ADMIN_PASSWORD);
        record("itest.back", subject, "back");
        assertEquals("itest.back", again.next().event);
    }

    @Test
    public void aTasksProgressIsStreamedLiveUpToItsEnd() throws Exception {
        String target = "itest-" + UUID.randomUUID();
        SseClient stream = connect(TASK_STREAM, "?target=" + target, null, VIEWER, VIEWER_PASSWORD);
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Task task = engine.submit(TaskRequest.of("it.progress", new TaskTarget("itest", target), "stream-it"), ctx -> {
            ctx.progress(40, "halfway there");
            halfway.countDown();
            finish.await();
            return "done";
        });
        // The stream shows the task at 40 % while it still runs (the test holds it there), then its end.
        JsonNode running;
        do {
            Message message = stream.next();
            assertEquals("task", message.event);
            running = json.readTree(message.data);
            assertEquals(task.id(), running.path("id").asText());
        } while (running.path("progress").asInt() < 40);
        assertTrue(halfway.await(30, TimeUnit.SECONDS));
        assertEquals("RUNNING", running.path("state").asText());
        assertEquals("halfway there", running.path("message").asText());
        finish.countDown();
        JsonNode end;
        do {
            end = json.readTree(stream.next().data);
        } while (!end.path("state").asText().equals("SUCCEEDED"));
        assertEquals(100, end.path("progress").asInt());
        assertEquals("done", end.path("result").asText());
        // The last message is the task as the API serves it.
        assertEquals(
                parse(send(request("/api/v1/tasks/" + task.id(), ADMIN, ADMIN_PASSWORD)
                        .GET()
                        .build())),
                end);
    }

    /** Posts an event to be recorded, as another bundle of the platform does (PostedEventRecorder). */
    private void record(String type, String subject, String message) throws Exception {
        EventAdmin admin = (EventAdmin) awaitService("(objectClass=org.osgi.service.event.EventAdmin)");
        admin.postEvent(new Event(
                "org/strata/events/record",
                Map.of(
                        "type",
                        type,
                        "severity",
                        "INFO",
                        "subjectType",
                        "itest",
                        "subjectId",
                        subject,
                        "message",
                        message)));
    }

    private SseClient connect(String query, String lastEventId, String user, String password) throws Exception {
        return connect(STREAM, query, lastEventId, user, password);
    }

    private SseClient connect(String path, String query, String lastEventId, String user, String password)
            throws Exception {
        var request = request(path + query, user, password).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals(
                "text/event-stream;charset=UTF-8",
                response.headers().firstValue("Content-Type").orElse(""));
        open.add(response.body());
        SseClient client = new SseClient(response.body());
        assertEquals("connected", client.next().comment);
        return client;
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(code, parse(response).path("code").asText());
    }

    private record Message(String id, String event, String data, String comment) {
        long idLong() {
            return Long.parseLong(id);
        }
    }

    /** Reads SSE messages on a thread of its own, so that a test waits for one with a deadline. */
    private static final class SseClient {
        private final Stream<String> lines;
        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

        SseClient(Stream<String> lines) {
            this.lines = lines;
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                String id = null;
                String event = null;
                String data = null;
                String comment = null;
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (!"keep-alive".equals(comment)) {
                            messages.add(new Message(id, event, data, comment));
                        }
                        id = event = data = comment = null;
                    } else if (line.startsWith(": ")) {
                        comment = line.substring(2);
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
                messages.add("end of stream");
            } catch (RuntimeException e) {
                messages.add(e);
            }
        }

        /** The next event or comment other than a keep-alive; fails after the deadline or when the stream ends. */
        Message next() throws InterruptedException {
            Object next = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull("no message within " + WAIT, next);
            if (!(next instanceof Message message)) {
                throw new AssertionError("stream ended: " + next);
            }
            return message;
        }

        /** The server closed the stream (after its final comment). */
        void assertEnded() throws InterruptedException {
            Object next = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue("the stream ends, not " + next, next != null && !(next instanceof Message));
        }

        void close() {
            lines.close();
        }
    }
}
