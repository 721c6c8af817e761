package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.inventory.HostState;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.engine.DriverSessions;
import org.strata.engine.EventFeed;
import org.strata.engine.Lane;
import org.strata.engine.LiveHosts;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * The engine as a bundle above the machine layer sees it: this test's probe is such a bundle, using only
 * org.strata.engine, org.strata.api and the SPI's session types, through OSGi services of the running distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineIT extends StrataTestSupport {

    private static final Duration TASK_WAIT = Duration.ofSeconds(30);

    @Inject
    protected TaskEngine engine;

    @Inject
    protected TaskService tasks;

    @Inject
    protected LiveHosts hosts;

    @Inject
    protected DriverSessions sessions;

    @Inject
    protected EventFeed events;

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
    }

    /**
     * No Declarative Services component of Strata's bundles failed to activate (a constructor SCR cannot call, a
     * reference it cannot bind): such a component is only a log line, and the services behind it are just missing.
     */
    @Test
    public void noComponentOfStrataFailedToActivate() throws Exception {
        awaitPlatformReady();
        var reference =
                bundleContext.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        var scr = bundleContext.getService(reference);
        try {
            List<String> failed = new ArrayList<>();
            int seen = 0;
            for (var description : scr.getComponentDescriptionDTOs()) {
                if (!description.bundle.symbolicName.startsWith("org.strata")) {
                    continue;
                }
                for (var configuration : scr.getComponentConfigurationDTOs(description)) {
                    seen++;
                    if (configuration.state
                            == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        failed.add(description.name + ": " + configuration.failure);
                    }
                }
            }
            assertTrue("Strata's components are there: " + seen, seen > 20);
            assertEquals(List.of(), failed);
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    @Test
    public void theContractIsItsOwnVersionedPackage() {
        Bundle engineBundle = bundle("org.strata.engine");
        assertEquals(Bundle.ACTIVE, engineBundle.getState());
        List<BundleCapability> exports = engineBundle.adapt(BundleWiring.class).getCapabilities("osgi.wiring.package");
        assertEquals(1, exports.size());
        assertEquals("org.strata.engine", exports.get(0).getAttributes().get("osgi.wiring.package"));
        assertEquals("1.6.0", exports.get(0).getAttributes().get("version").toString());
    }

    @Test
    public void tasksOnOneTargetWaitTheirTurnVisiblyWhileOthersRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Task slow = engine.submit(
                TaskRequest.of("it.slow", new TaskTarget("it", "target-1"), "engine-it")
                        .on(Lane.LONG),
                ctx -> {
                    started.countDown();
                    release.await();
                    order.add("slow");
                    return "slow done";
                });
        started.await();
        Task next = engine.submit(TaskRequest.of("it.next", new TaskTarget("it", "target-1"), "engine-it"), ctx -> {
            order.add("next");
            return "next done";
        });
        Task elsewhere = engine.submit(
                TaskRequest.of("it.other", new TaskTarget("it", "target-2"), "engine-it")
                        .on(Lane.URGENT),
                ctx -> "other done");

        assertEquals("other done", tasks.await(elsewhere.id(), TASK_WAIT).result());
        Task waiting = tasks.task(next.id());
        assertEquals(TaskState.QUEUED, waiting.state());
        assertTrue(waiting.message(), waiting.message().contains(slow.id()));

        release.countDown();
        assertEquals("next done", tasks.await(next.id(), TASK_WAIT).result());
        assertEquals(List.of("slow", "next"), order);
        assertEquals(TaskState.SUCCEEDED, tasks.task(slow.id()).state());
    }

    @Test
    public void liveHostStateAndAPooledSessionOfTheDemoHost() throws Exception {
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host")
                .path("id")
                .asText();
        HostFacts facts = sessions.call(hostId, HypervisorSession.class, HypervisorSession::facts);
        assertFalse(facts.hypervisor().isBlank());
        assertEquals(HostState.AVAILABLE, hosts.status(hostId).state());
        assertEquals("an unknown host is NOT_FOUND", "NOT_FOUND", codeOf(() -> hosts.status("no-such-host")));
        assertEquals(
                "a session type no driver has",
                "UNSUPPORTED",
                codeOf(() -> sessions.call(hostId, String.class, s -> s)));
    }

    @Test
    public void aSubscriberGetsTheEventsItAskedForOnceCommitted() throws Exception {
        java.util.concurrent.BlockingQueue<Event> received = new java.util.concurrent.LinkedBlockingQueue<>();
        try (AutoCloseable subscription =
                events.subscribe(new EventFilter(java.util.Set.of("it.engine.wanted"), null, null), received::add)) {
            events.record(Event.Severity.INFO, "it.engine.unwanted", "it", "x", "not for this subscriber");
            events.record(Event.Severity.WARNING, "it.engine.wanted", "it", "target-9", "for this subscriber");
            Event event = received.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull("the wanted event arrived", event);
            assertEquals("it.engine.wanted", event.type());
            assertEquals("target-9", event.subjectId());
            assertEquals(Event.Severity.WARNING, event.severity());
            assertTrue("it has its repository id", event.id() > 0);
            assertTrue("the unwanted one was filtered out", received.isEmpty());
        }
    }

    @Test
    public void eventsRecordedByManyThreadsReachASubscriberInIdOrder() throws Exception {
        int threads = 4;
        int each = 50;
        java.util.concurrent.BlockingQueue<Event> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.ExecutorService recorders = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try (AutoCloseable subscription =
                events.subscribe(new EventFilter(java.util.Set.of("it.engine.order"), null, null), received::add)) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String recorder = "recorder-" + t;
                done.add(recorders.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        events.record(Event.Severity.INFO, "it.engine.order", "it", recorder, "event " + i);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            List<Long> ids = new ArrayList<>();
            while (ids.size() < threads * each) {
                Event event = received.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                assertNotNull("event " + (ids.size() + 1) + " of " + threads * each + " arrived", event);
                ids.add(event.id());
            }
            List<Long> sorted = new ArrayList<>(ids);
            java.util.Collections.sort(sorted);
            assertEquals("delivered in id order, each once", sorted, ids);
            assertEquals(threads * each, new java.util.HashSet<>(ids).size());
        } finally {
            recorders.shutdownNow();
        }
    }

    private static String codeOf(Runnable call) {
        try {
            call.run();
            return "no failure";
        } catch (org.strata.api.StrataException e) {
            return e.code().name();
        }
    }
}
