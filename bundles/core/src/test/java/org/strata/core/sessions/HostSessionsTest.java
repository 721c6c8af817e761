package org.strata.core.sessions;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.HostState;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryHypervisorForTests;
import org.strata.core.MutableClockForTests;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HypervisorSession;

public class HostSessionsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final MutableClockForTests clock = new MutableClockForTests(Instant.parse("2026-03-01T10:00:00Z"));
    private CoreTestbed bed;
    private HostSessions sessions;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"), clock, Duration.ofMillis(20));
        sessions = bed.sessions;
    }

    @After
    public void close() {
        bed.close();
    }

    private StrataException fails(Host host) {
        return assertThrows(StrataException.class, () -> sessions.call(host.id(), HypervisorSession::listVms));
    }

    @Test
    public void anUnreachableHostIsRetriedWithExponentialBackoffAndFailsFastMeanwhile() {
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://flaky");
        fake.down = true;
        Host host = bed.addHost("flaky", "mem://flaky");

        StrataException first = fails(host);
        assertEquals(ErrorCode.UNREACHABLE, first.code());
        assertEquals(1, bed.driver.opens.get());
        assertEquals(HostState.UNREACHABLE, bed.inventory.host(host.id()).state());
        assertTrue(bed.inventory.host(host.id()).stateReason().contains("did not answer"));

        int opens = 1;
        for (long wait : List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L)) {
            clock.advance(Duration.ofSeconds(wait).minusMillis(1));
            StrataException fast = fails(host);
            assertEquals(ErrorCode.UNREACHABLE, fast.code());
            assertTrue(fast.getMessage(), fast.getMessage().contains("did not answer (next attempt in"));
            assertEquals("no attempt before " + wait + " s", opens, bed.driver.opens.get());
            clock.advance(Duration.ofMillis(1));
            fails(host);
            assertEquals("an attempt after " + wait + " s", ++opens, bed.driver.opens.get());
        }

        fake.down = false;
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(), sessions.call(host.id(), HypervisorSession::listVms));
        assertEquals(HostState.AVAILABLE, bed.inventory.host(host.id()).state());
        int afterOpen = bed.driver.opens.get();
        for (int i = 0; i < 5; i++) {
            sessions.call(host.id(), HypervisorSession::listVms);
        }
        assertEquals("one session, shared", afterOpen, bed.driver.opens.get());
    }

    @Test
    public void aSessionThatBreaksIsReplacedAtTheNextCall() {
        Host host = bed.addHost("h1", "mem://a");
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://a");
        sessions.call(host.id(), HypervisorSession::listVms);
        assertTrue(sessions.isOpen(host.id()));
        assertEquals(1, fake.listeners());

        fake.down = true;
        assertEquals(ErrorCode.UNREACHABLE, fails(host).code());
        assertFalse(sessions.isOpen(host.id()));
        assertEquals(0, fake.listeners());
        assertEquals(HostState.UNREACHABLE, bed.inventory.host(host.id()).state());

        fake.down = false;
        sessions.call(host.id(), HypervisorSession::listVms);
        assertEquals(2, bed.driver.opens.get());
        assertEquals(HostState.AVAILABLE, bed.inventory.host(host.id()).state());
        assertEquals("the new session subscribed again", 1, fake.listeners());
    }

    @Test
    public void sessionsCloseWhenTheirHostChangesOrGoesOrTheirDriverGoes() throws Exception {
        Host host = bed.addHost("h1", "mem://a");
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://a");
        sessions.call(host.id(), HypervisorSession::listVms);

        bed.drivers.unregister(7L);
        assertFalse(sessions.isOpen(host.id()));
        assertEquals(0, fake.listeners());
        assertEquals(ErrorCode.DRIVER_UNAVAILABLE, fails(host).code());

        bed.drivers.register(bed.driver, "test.bundle", 8L);
        bed.synchronizer.awaitQueued(); // the driver's return queues a reconcile of its hosts
        sessions.call(host.id(), HypervisorSession::listVms);
        assertTrue(sessions.isOpen(host.id()));
        bed.inventory.updateHost(
                host.id(), new HostSpec("h1", bed.dc.id(), null, "memory", "mem://a", "root", null), "alice");
        assertFalse("new credentials need a new session", sessions.isOpen(host.id()));

        sessions.call(host.id(), HypervisorSession::listVms);
        bed.inventory.removeHost(host.id(), "alice");
        assertFalse(sessions.isOpen(host.id()));
        assertEquals(0, fake.listeners());
    }

    @Test
    public void aHostIsAskableOnlyWhileItsDriverRuns() {
        Host host = bed.addHost("h1", "mem://a");
        assertTrue(sessions.askable(host.id()));
        assertTrue(sessions.alive(host.id()));

        bed.drivers.unregister(7L);
        assertFalse("its driver is gone: its silence says nothing", sessions.askable(host.id()));
        assertFalse(sessions.alive(host.id()));
        assertFalse("no such host", sessions.askable("nowhere"));

        bed.drivers.register(bed.driver, "test.bundle", 8L);
        assertTrue(sessions.askable(host.id()));
    }

    @Test
    public void threadsThatCallAtOnceShareOneSession() throws Exception {
        Host host = bed.addHost("h1", "mem://a");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return sessions.call(host.id(), HypervisorSession::listVms).size();
                }));
            }
            go.countDown();
            for (Future<Integer> call : calls) {
                assertEquals(Integer.valueOf(0), call.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, bed.driver.opens.get());
        assertEquals(
                "host info recorded at the opening",
                "mem-mem://a",
                bed.inventory.host(host.id()).info().hostname());
    }

    /**
     * Issue 14: a driver that passed on the message of the JDK's exception (null here, a ClosedChannelException's)
     * left users a host reason and an event with no words, or with the exception's class name.
     */
    @Test
    public void aDriverFailureWithoutAMessageReachesUsersInWords() {
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://esx1");
        fake.failure = new DriverException(Fault.UNREACHABLE, null, new ClosedChannelException());
        Host host = bed.addHost("esx1", "mem://esx1");

        String words = "the host did not answer: the connection was closed";
        StrataException e = fails(host);
        assertEquals(ErrorCode.UNREACHABLE, e.code());
        assertTrue(e.getMessage(), e.getMessage().startsWith(words));
        assertEquals(HostState.UNREACHABLE, bed.inventory.host(host.id()).state());
        assertEquals(words, bed.inventory.host(host.id()).stateReason());
        assertEquals(List.of("Host is now UNREACHABLE: " + words), stateEvents(host));
    }

    @Test
    public void aDriverMessageThatShowsCodeReachesUsersInWords() {
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://esx2");
        fake.failure = new DriverException(
                Fault.UNREACHABLE,
                "cannot reach esx2: java.net.ConnectException: "
                        + "Connection refused\n\tat org.acme.Driver.open(Driver.java:42)");
        Host host = bed.addHost("esx2", "mem://esx2");

        fails(host);
        assertEquals(
                "cannot reach esx2: Connection refused",
                bed.inventory.host(host.id()).stateReason());
        assertEquals(List.of("Host is now UNREACHABLE: cannot reach esx2: Connection refused"), stateEvents(host));
    }

    @Test
    public void aSessionThatBreaksWithAClassNameForAReasonIsSaidInWords() {
        Host host = bed.addHost("esx3", "mem://esx3");
        sessions.call(host.id(), HypervisorSession::listVms);
        bed.driver.host("mem://esx3").failure = new DriverException(Fault.UNREACHABLE, "ClosedChannelException");

        assertEquals("the connection was closed", fails(host).getMessage());
        assertFalse(sessions.isOpen(host.id()));
        assertEquals(HostState.UNREACHABLE, bed.inventory.host(host.id()).state());
        assertEquals("the connection was closed", bed.inventory.host(host.id()).stateReason());
        assertEquals(
                "Host is now UNREACHABLE: the connection was closed",
                stateEvents(host).get(0));
    }

    /** The host's state changes as the event log tells them, newest first. */
    private List<String> stateEvents(Host host) {
        return bed.events.events(host.id(), PageRequest.first()).items().stream()
                .filter(event -> event.type().equals("HOST_STATE_CHANGED"))
                .map(Event::message)
                .toList();
    }

    @Test
    public void refusedCredentialsAreRecordedAsSuch() {
        Host host = bed.addHost("locked", "mem://badauth");
        assertEquals(ErrorCode.AUTHENTICATION_FAILED, fails(host).code());
        assertEquals(
                HostState.AUTHENTICATION_FAILED, bed.inventory.host(host.id()).state());
        assertEquals(
                "backing off here too: no account lock-out",
                ErrorCode.AUTHENTICATION_FAILED,
                fails(host).code());
        assertEquals(1, bed.driver.opens.get());
    }
}
