package org.strata.core.hardware;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryBmcForTests;
import org.strata.repository.StoredHost;
import org.strata.repository.StoredMachine;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;

public class DiscoveryTest {

    private static final List<BmcCredentials> CREDENTIALS =
            List.of(new BmcCredentials("admin", "wrong"), new BmcCredentials("admin", "right"));

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private ScheduledExecutorService scheduler;
    private HardwareManager hardware;
    private final InMemoryBmcForTests bmcs =
            new InMemoryBmcForTests("membmc", EnumSet.of(Capability.POWER_CONTROL, Capability.SENSORS));

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        scheduler = Executors.newSingleThreadScheduledExecutor();
        hardware = new HardwareManager(
                bed.repository,
                bed.repository,
                bed.repository,
                bed.drivers,
                bed.tasks,
                bed.events,
                bed.metrics,
                Clock.systemUTC(),
                scheduler,
                new HardwareManager.Tuning(
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        4,
                        Duration.ofMillis(250),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(10)));
        bed.drivers.register(bmcs, "bmc.bundle", 30L);
    }

    @After
    public void close() {
        bmcs.release.countDown();
        hardware.close();
        bed.close();
    }

    private DiscoveryRequest request(String addresses, String ports, List<BmcCredentials> credentials) {
        return new DiscoveryRequest(bed.dc.id(), null, "membmc", addresses, ports, credentials);
    }

    @Test
    public void machinesAreAddedThenMatchedByGuidNotDuplicated() throws Exception {
        bmcs.add("10.1.0.2:9001", "aaaaaaaa-0000-4000-8000-000000000001", "admin", "right");
        bmcs.add("10.1.0.3:9001", "bbbbbbbb-0000-4000-8000-000000000002", "admin", "right");
        bmcs.add("10.1.0.5:9001", "cccccccc-0000-4000-8000-000000000003", "root", "other"); // refuses both

        Task first = bed.done(hardware.discover(request("10.1.0.0/29", "9001", CREDENTIALS), "alice"));
        assertEquals("3 answered, 2 added, 0 matched, 1 refused all credentials", first.result());
        assertEquals(100, first.progress());
        // Every address was probed at once with the short time-out, and both credentials were tried in order.
        assertEquals(8, bmcs.opened.stream().map(Endpoint::address).distinct().count());
        assertTrue(bmcs.opened.stream().allMatch(e -> "250".equals(e.options().get("timeout.ms"))));
        assertEquals(0, bmcs.openSessions.get());

        List<StoredMachine> machines = bed.repository.machines();
        assertEquals(2, machines.size());
        StoredHost a = bed.repository.host(machines.get(0).hostId()).orElseThrow();
        assertEquals("bmc-aaaaaaaa", a.name());
        assertEquals("10.1.0.2:9001", a.address());
        assertEquals("membmc", a.driverId());
        assertEquals("admin", a.username());
        assertArrayEquals("right".toCharArray(), bed.repository.hostPassword(a.id()));
        assertEquals("ACME", machines.get(0).identity().manufacturer());
        assertEquals(
                1, bed.repository.history("host", a.id(), PageRequest.first()).total());
        List<Event> added = bed.events.events(a.id(), PageRequest.first()).items();
        assertEquals("MACHINE_DISCOVERED", added.get(0).type());
        assertTrue(added.get(0).message(), added.get(0).message().contains("10.1.0.2:9001"));
        // The machine is usable with the stored credentials.
        assertEquals("OFF", hardware.powerState(a.id()));

        // The first machine now answers at another port: matched and moved, not added again.
        bmcs.bmcs.put("10.1.0.2:9002", bmcs.bmcs.remove("10.1.0.2:9001"));
        Task second = bed.done(hardware.discover(request("10.1.0.1-10.1.0.3", "9001-9002", CREDENTIALS), "alice"));
        assertEquals("2 answered, 0 added, 2 matched, 0 refused all credentials", second.result());
        assertEquals(2, bed.repository.machines().size());
        assertEquals(2, bed.repository.hosts(null, PageRequest.first()).total());
        assertEquals("10.1.0.2:9002", bed.repository.host(a.id()).orElseThrow().address());
        assertEquals(
                2, bed.repository.history("host", a.id(), PageRequest.first()).total());
        assertTrue(bed.events.events(a.id(), PageRequest.first()).items().stream()
                .anyMatch(e -> e.type().equals("MACHINE_MOVED")));
        assertEquals("OFF", hardware.powerState(a.id()));
    }

    @Test
    public void aProbeThatFailsIsReportedInWordsNeverWithAClassName() throws Exception {
        // A driver that passed on an exception without message, keeping the JDK's as its cause.
        bmcs.failing.put("10.1.0.7:9001", new DriverException(Fault.DRIVER_FAILURE, null, new EOFException()));
        Task failed = bed.done(hardware.discover(request("10.1.0.7", "9001", CREDENTIALS), "alice"));
        assertEquals(
                "1 answered, 0 added, 0 matched, 0 refused all credentials, 1 failed (10.1.0.7:9001: the driver "
                        + "failed: the connection was closed)",
                failed.result());

        // A bug in the driver: the operator gets a reference to the log, as from a task, and not the class.
        bmcs.failing.put("10.1.0.8:9001", new IllegalStateException("the driver's internals"));
        Task bug = bed.done(hardware.discover(request("10.1.0.8", "9001", CREDENTIALS), "alice"));
        assertTrue(
                bug.result(),
                bug.result()
                        .matches("1 answered, 0 added, 0 matched, 0 refused all credentials, "
                                + "1 failed \\(10\\.1\\.0\\.8:9001: internal error; reference [0-9a-f-]{36}\\)"));
    }

    @Test
    public void aScanCanBeCancelled() throws Exception {
        for (int i = 1; i <= 20; i++) {
            bmcs.hanging.add("10.2.0." + i + ":623");
        }
        Task scan = hardware.discover(request("10.2.0.1-10.2.0.20", null, CREDENTIALS), "alice");
        assertTrue(CoreTestbed.eventually(() -> bmcs.hangingNow.get() == 4));
        bed.tasks.cancel(scan.id(), "bob");
        Task cancelled = bed.await(scan);
        assertEquals(TaskState.CANCELLED, cancelled.state());
        // The probes were interrupted, not left waiting, and the scan went no further.
        assertTrue(CoreTestbed.eventually(() -> bmcs.hangingNow.get() == 0));
        assertTrue(bmcs.opened.size() < 20);
        assertEquals(0, bed.repository.machines().size());
    }

    private void invalid(String expected, DiscoveryRequest request) {
        StrataException e = bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.discover(request, "alice"));
        assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }

    @Test
    public void badRequestsAreRefusedWithClearMessages() {
        invalid(
                "datacenter 'nowhere' does not exist",
                new DiscoveryRequest("nowhere", null, "membmc", "10.0.0.1", null, CREDENTIALS));
        invalid(
                "pool 'nopool' does not exist",
                new DiscoveryRequest(bed.dc.id(), "nopool", "membmc", "10.0.0.1", null, CREDENTIALS));
        invalid(
                "driver 'ipmi' is not running",
                new DiscoveryRequest(bed.dc.id(), null, "ipmi", "10.0.0.1", null, CREDENTIALS));
        invalid(
                "not a hardware driver",
                new DiscoveryRequest(bed.dc.id(), null, bed.driver.descriptor().id(), "10.0.0.1", null, CREDENTIALS));
        invalid("not an IPv4 address", request("10.0.0.300", null, CREDENTIALS));
        invalid("not an IPv4 address", request("bmc.example.com", null, CREDENTIALS));
        invalid("ends before it starts", request("10.0.0.9-10.0.0.1", null, CREDENTIALS));
        invalid("at most 4096", request("10.0.0.0/19", null, CREDENTIALS));
        invalid("prefix length", request("10.0.0.0/33", null, CREDENTIALS));
        invalid("addresses is required", request(" ", null, CREDENTIALS));
        invalid("ports 'x'", request("10.0.0.1", "x", CREDENTIALS));
        invalid("between 1 and 65535", request("10.0.0.1", "0", CREDENTIALS));
        invalid("at most 1024", request("10.0.0.1", "1000-3000", CREDENTIALS));
        invalid("probes", request("10.0.0.0/20", "1-1024", CREDENTIALS));
        invalid("credentials are required", request("10.0.0.1", null, List.of()));
        invalid("credentials[0] needs a password", request("10.0.0.1", null, List.of(new BmcCredentials("admin", ""))));
    }

    /** How long a user name or password may be is the driver's to say; core only keeps them sane. */
    @Test
    public void credentialLimitsAreTheDriversVocabulary() throws Exception {
        String seventeen = "a".repeat(17);
        bed.done(hardware.discover(request("10.1.0.9", "9001", List.of(new BmcCredentials(seventeen, "pw"))), "alice"));
        invalid(
                "credentials[0].username must be at most 256 characters",
                request("10.0.0.1", null, List.of(new BmcCredentials("a".repeat(257), "pw"))));

        InMemoryBmcForTests narrow = new InMemoryBmcForTests(
                "narrowbmc",
                EnumSet.of(Capability.POWER_CONTROL),
                Vocabulary.ANY.withMaxUserNameLength(16).withMaxPasswordLength(20));
        bed.drivers.register(narrow, "narrow.bundle", 31L);
        invalid(
                "driver 'narrowbmc' does not take credentials[1].username: its user names have at most 16 "
                        + "characters, this one has 17",
                new DiscoveryRequest(
                        bed.dc.id(),
                        null,
                        "narrowbmc",
                        "10.0.0.1",
                        null,
                        List.of(new BmcCredentials("a".repeat(16), "pw"), new BmcCredentials(seventeen, "pw"))));
        invalid(
                "driver 'narrowbmc' does not take credentials[0].password: its passwords have at most 20 bytes",
                new DiscoveryRequest(
                        bed.dc.id(),
                        null,
                        "narrowbmc",
                        "10.0.0.1",
                        null,
                        List.of(new BmcCredentials("admin", "p".repeat(21)))));
    }

    @Test
    public void addressesAndPortsAreExpanded() {
        assertEquals(List.of("10.0.0.1"), Probes.addresses("10.0.0.1"));
        assertEquals(List.of("10.0.0.254", "10.0.0.255", "10.0.1.0"), Probes.addresses("10.0.0.254 - 10.0.1.0"));
        List<String> block = Probes.addresses("192.168.7.77/30");
        assertEquals(List.of("192.168.7.76", "192.168.7.77", "192.168.7.78", "192.168.7.79"), block);
        assertEquals(4096, Probes.addresses("10.0.0.0/20").size());
        assertEquals(List.of(623), Probes.ports(null));
        assertEquals(List.of(9001, 9002, 9003), Probes.ports("9001-9003"));
    }
}
