package org.strata.core.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.service.event.EventAdmin;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventTopics;
import org.strata.api.vm.VmState;
import org.strata.core.H2Repository;
import org.strata.repository.NewEvent;
import org.strata.repository.jdbc.JdbcConfigRepository;

public class EventLogPublishingTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private JdbcConfigRepository repository;
    private RecordingEventAdminForTests eventAdmin;
    private EventLog log;

    @Before
    public void open() {
        repository = H2Repository.open(folder.getRoot().toPath().resolve("key"));
        eventAdmin = new RecordingEventAdminForTests();
        log = new EventLog(repository, eventAdmin);
    }

    @After
    public void close() {
        log.stop();
        repository.close();
    }

    @Test
    public void aRecordedEventIsPublishedOnceCommittedWithItsRepositoryId() {
        log.record(Event.Severity.WARNING, "host.unreachable", "host", "h1", "no answer");
        log.stop(); // posting is the publishing thread's: stopping waits for what was handed over

        assertEquals(1, eventAdmin.posted.size());
        org.osgi.service.event.Event posted = eventAdmin.posted.get(0);
        Event stored = repository.eventsAfter(0, EventFilter.ALL, 10).get(0);
        assertEquals("org/strata/event/host/unreachable", posted.getTopic());
        assertEquals(stored.id(), posted.getProperty("id"));
        assertEquals(stored.time().toString(), posted.getProperty("time"));
        assertEquals(stored.time().toEpochMilli(), posted.getProperty("timestamp"));
        assertEquals("WARNING", posted.getProperty("severity"));
        assertEquals("host.unreachable", posted.getProperty("type"));
        assertEquals("host", posted.getProperty("subjectType"));
        assertEquals("h1", posted.getProperty("subjectId"));
        assertEquals("no answer", posted.getProperty("message"));
        // The fake checked, at the moment of the post, that a reader could already find the event by its id.
        assertEquals(List.of(stored.id()), eventAdmin.visibleWhenPosted);
    }

    @Test
    public void eventsRecordedTogetherArePublishedEachInOrder() {
        log.recordAll(List.of(
                new NewEvent(Event.Severity.INFO, "vm.discovered", "vm", "vm-1", "first"),
                new NewEvent(Event.Severity.INFO, "vm.discovered", "vm", null, null)));
        log.stop();

        List<Event> stored = repository.eventsAfter(0, EventFilter.ALL, 10);
        assertEquals(stored.stream().map(Event::id).toList(), eventAdmin.ids());
        assertEquals(eventAdmin.ids(), eventAdmin.visibleWhenPosted);
        org.osgi.service.event.Event second = eventAdmin.posted.get(1);
        assertFalse("absent values are absent properties", second.containsProperty("subjectId"));
        assertFalse(second.containsProperty("message"));
    }

    @Test
    public void whatCouldNotBeRecordedIsNotPublished() {
        log.record(null, "host.unreachable", "host", "h1", "no severity");
        log.recordAll(List.of(new NewEvent(Event.Severity.INFO, " ", null, null, "no type")));
        log.stop();

        assertTrue(eventAdmin.posted.isEmpty());
        assertTrue(repository.eventsAfter(0, EventFilter.ALL, 10).isEmpty());
    }

    @Test
    public void aFailingEventAdminDoesNotLoseTheRecord() {
        EventLog failing = new EventLog(repository, new RecordingEventAdminForTests() {
            @Override
            public void postEvent(org.osgi.service.event.Event event) {
                throw new IllegalStateException("Event Admin stopped");
            }
        });
        failing.record(Event.Severity.INFO, "driver.started", "driver", "demo", "started");
        failing.stop();
        assertEquals(1, repository.eventsAfter(0, EventFilter.ALL, 10).size());
    }

    @Test
    public void concurrentRecordersPublishIdsInIncreasingOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 200; i++) {
                int n = i;
                pool.execute(() -> log.record(Event.Severity.INFO, "test.burst", "test", "t" + (n % 7), "n" + n));
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        log.stop();
        List<Long> ids = eventAdmin.ids();
        assertEquals(200, ids.size());
        List<Long> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals("posted in commit order, which is id order", sorted, ids);
        assertEquals(
                sorted,
                repository.eventsAfter(0, EventFilter.ALL, 1000).stream()
                        .map(Event::id)
                        .toList());
    }

    @Test
    public void anEventRecordedWithAStateChangeIsPublishedInIdOrderAmongTheOthers() throws Exception {
        String dc = repository
                .createDatacenter(new org.strata.api.inventory.DatacenterSpec("dc", null), "u")
                .id();
        String host = repository
                .createHost(new org.strata.api.inventory.HostSpec("h", dc, null, "demo", "demo://h", null, null), "u")
                .id();
        List<String> vms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "vm-" + i;
            repository.createVm(id, host, id, org.strata.api.vm.VmSpec.of(id, 1, 64), VmState.STOPPED, true, "u");
            vms.add(id);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 200; i++) {
                int n = i;
                String vm = vms.get(n % vms.size());
                VmState state = (n / vms.size()) % 2 == 0 ? VmState.RUNNING : VmState.STOPPED;
                pool.execute(() -> {
                    if (n % 2 == 0) {
                        log.record(Event.Severity.INFO, "test.burst", "test", "t", "n" + n);
                    } else {
                        log.recordAlong(() -> repository.changeVmState(
                                vm,
                                state,
                                new NewEvent(Event.Severity.INFO, "VM_STATE_CHANGED", "vm", vm, "now " + state)));
                    }
                });
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        // no change, no event: the VM already is in that state
        VmState now = repository.vm("vm-0").orElseThrow().state();
        assertTrue(log.recordAlong(() -> repository.changeVmState(
                        "vm-0", now, new NewEvent(Event.Severity.INFO, "VM_STATE_CHANGED", "vm", "vm-0", "same")))
                .isEmpty());
        log.stop();
        List<Long> ids = eventAdmin.ids();
        List<Long> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals("posted in commit order, which is id order", sorted, ids);
        assertEquals(
                repository.eventsAfter(0, EventFilter.ALL, 1000).stream()
                        .map(Event::id)
                        .toList(),
                ids);
        assertTrue(
                "state changes were recorded with their events",
                repository.eventsAfter(0, EventFilter.ALL, 1000).stream()
                        .anyMatch(e -> e.type().equals("VM_STATE_CHANGED")));
        assertEquals(ids, eventAdmin.visibleWhenPosted);
    }

    @Test
    public void topicsFollowTheTypeAndStayValid() {
        assertEquals("org/strata/event/host/unreachable", EventTopics.of("host.unreachable"));
        assertEquals("org/strata/event/VM_DISCOVERED", EventTopics.of("VM_DISCOVERED"));
        assertEquals("org/strata/event/login/failed_x", EventTopics.of("login..failed x"));
        assertEquals("org/strata/event/_", EventTopics.of("..."));
        assertFalse(
                "never the topic events are posted on to be recorded",
                EventTopics.ALL.startsWith(PostedEventRecorder.TOPIC));
        assertFalse(PostedEventRecorder.TOPIC.startsWith(EventTopics.ROOT + "/"));
    }

    /**
     * A hand-written fake of Event Admin (no OSGi framework in unit tests): it keeps what was posted and, at each
     * post, whether the event is already readable from the repository.
     */
    private class RecordingEventAdminForTests implements EventAdmin {
        final List<org.osgi.service.event.Event> posted = Collections.synchronizedList(new ArrayList<>());
        final List<Long> visibleWhenPosted = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void postEvent(org.osgi.service.event.Event event) {
            posted.add(event);
            long id = (Long) event.getProperty("id");
            if (repository.eventsAfter(id - 1, EventFilter.ALL, 1).stream().anyMatch(e -> e.id() == id)) {
                visibleWhenPosted.add(id);
            }
        }

        @Override
        public void sendEvent(org.osgi.service.event.Event event) {
            throw new AssertionError("recording must never wait for handlers: sendEvent was called");
        }

        List<Long> ids() {
            return posted.stream().map(e -> (Long) e.getProperty("id")).toList();
        }
    }
}
