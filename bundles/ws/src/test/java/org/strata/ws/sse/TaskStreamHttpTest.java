package org.strata.ws.sse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.sse.SseHttpForTests.next;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.strata.api.task.Task;
import org.strata.core.tasks.TaskManager;
import org.strata.ws.rest.JsonMapper;
import org.strata.ws.sse.SseHttpForTests.Message;

/**
 * The task stream over real HTTP: an in-process Jetty running the servlet as Pax Web does, java.net.http as the
 * client, and the core's real task manager running the tasks. Two stand-ins, because neither can run without an
 * OSGi framework and a database: Event Admin ({@link SynchronousEventAdminForTests}, which hands each post to the
 * hub on the posting thread, keeping the one posting thread's order as Event Admin does) and the task table
 * ({@link InMemoryTaskStoreForTests}).
 */
public class TaskStreamHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ObjectMapper json = JsonMapper.create();
    private final CountDownLatch go = new CountDownLatch(1);
    private TaskHub hub;
    private TaskManager tasks;
    private EventStreamServlet servlet;
    private SseHttpForTests http;

    @Before
    public void start() throws Exception {
        hub = new TaskHub();
        tasks = new TaskManager(new InMemoryTaskStoreForTests(), Clock.systemUTC(), 2);
        tasks.bindEventAdmin(new SynchronousEventAdminForTests(hub));
        // At most 2 streams, 100 tasks waiting per client, keep-alive after 200 ms.
        servlet = new EventStreamServlet(new TasksEndpoint(tasks, hub, 100, 200), SseHttpForTests.USERS, 2);
        http = new SseHttpForTests(servlet);
    }

    @After
    public void stop() throws Exception {
        go.countDown();
        http.close();
        hub.close();
        tasks.close();
    }

    @Test
    public void theCoreTopicIsTheOneTheHubListensTo() {
        assertEquals(TaskManager.CHANGED_TOPIC, TaskHub.TOPIC);
        assertEquals(TaskManager.TASK_PROPERTY, TaskHub.TASK_PROPERTY);
    }

    @Test
    public void strangersTenantUsersBadParametersAndOtherMethodsGetProblems() throws Exception {
        assertProblem(http.send("GET", "", null, null), 401, "UNAUTHENTICATED");
        assertProblem(http.send("GET", "", "nobody", null), 403, "FORBIDDEN");
        assertProblem(http.send("GET", "", "acme-user", null), 403, "FORBIDDEN");
        assertProblem(http.send("GET", "?vm=1", "viewer", null), 400, "INVALID_INPUT");
        assertProblem(http.send("GET", "?target=a&target=b", "viewer", null), 400, "INVALID_INPUT");
        HttpResponse<String> post = http.send("POST", "", "viewer", null);
        assertProblem(post, 405, "INVALID_INPUT");
        assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> asJson = http.sendAcceptingJson();
        assertProblem(asJson, 406, "INVALID_INPUT");
        assertEquals(0, servlet.openStreams());
    }

    @Test
    public void unfinishedTasksComeFirstThenProgressLiveAndEachTasksLastMessageIsItsEnd() throws Exception {
        CountDownLatch copying = new CountDownLatch(1);
        Task first = tasks.submit("vm.clone", "vm", "vm-1", "alice", ctx -> {
            ctx.progress(30, "copying");
            copying.countDown();
            go.await(30, TimeUnit.SECONDS);
            ctx.progress(60, "converting");
            ctx.progress(90, "registering");
            return "vm-2";
        });
        assertTrue(copying.await(30, TimeUnit.SECONDS));
        Task second = tasks.submit("vm.start", "vm", "vm-1", "bob", ctx -> null);

        Iterator<String> stream = http.open("", null);
        assertEquals("RUNNING 30 copying", show(next(stream), first.id()));
        assertEquals(
                "QUEUED 0 waiting for task " + first.id() + " (vm.clone) on vm vm-1", show(next(stream), second.id()));

        go.countDown();
        List<JsonNode> ofFirst = new ArrayList<>();
        List<JsonNode> ofSecond = new ArrayList<>();
        while (ofSecond.isEmpty()
                || !ofSecond.get(ofSecond.size() - 1).get("state").asText().equals("SUCCEEDED")) {
            Message message = next(stream);
            assertEquals("task", message.event);
            assertNull("no ids", message.id);
            JsonNode task = json.readTree(message.data);
            (task.get("id").asText().equals(first.id()) ? ofFirst : ofSecond).add(task);
        }
        JsonNode last = ofFirst.get(ofFirst.size() - 1);
        assertEquals(
                "the task as GET /tasks/{id} returns it",
                json.readTree(json.writeValueAsString(tasks.task(first.id()))),
                last);
        assertEquals("SUCCEEDED", last.get("state").asText());
        assertEquals(100, last.get("progress").asInt());
        int previous = 30;
        for (JsonNode step : ofFirst) {
            assertTrue(
                    "progress never goes back: " + ofFirst, step.get("progress").asInt() >= previous);
            previous = step.get("progress").asInt();
        }
        assertEquals(
                json.readTree(json.writeValueAsString(tasks.task(second.id()))), ofSecond.get(ofSecond.size() - 1));
    }

    @Test
    public void aStreamForOneTargetCarriesOnlyItsTasks() throws Exception {
        Iterator<String> stream = http.open("?target=vm-2", null);
        Task other = tasks.submit("vm.start", "vm", "vm-1", "alice", ctx -> null);
        tasks.await(other.id(), WAIT);
        Task mine = tasks.submit("vm.stop", "vm", "vm-2", "alice", ctx -> null);
        tasks.await(mine.id(), WAIT);

        Message message;
        do {
            message = next(stream);
            assertEquals(mine.id(), json.readTree(message.data).get("id").asText());
        } while (!json.readTree(message.data).get("state").asText().equals("SUCCEEDED"));
    }

    @Test
    public void theNumberOfStreamsIsBoundedAndTheServerStoppingEndsThemWithAReason() throws Exception {
        Iterator<String> one = http.open("", null);
        http.open("", null);
        HttpResponse<String> third = http.send("GET", "", "viewer", null);
        assertProblem(third, 503, "UNAVAILABLE");
        assertEquals("5", third.headers().firstValue("Retry-After").orElse(""));

        servlet.destroy();
        assertEquals("closing: the server is stopping; reconnect to get the unfinished tasks again", next(one).comment);
        assertFalse("the stream ends", one.hasNext());
        assertEquals(0, servlet.openStreams());
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        http.assertProblem(response, code);
    }

    private String show(Message message, String id) throws Exception {
        JsonNode task = json.readTree(message.data);
        assertEquals(id, task.get("id").asText());
        return task.get("state").asText() + " " + task.get("progress").asInt() + " "
                + task.get("message").asText();
    }

    /** Event Admin's stand-in: each post is handled at once on the posting thread (so in that thread's order). */
    private static final class SynchronousEventAdminForTests implements EventAdmin {
        private final TaskHub hub;

        SynchronousEventAdminForTests(TaskHub hub) {
            this.hub = hub;
        }

        @Override
        public void postEvent(Event event) {
            if (event.getTopic().equals(TaskHub.TOPIC)) {
                hub.handleEvent(event);
            }
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("task changes must never wait for handlers: sendEvent was called");
        }
    }
}
