package org.strata.core.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
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
import org.strata.api.monitor.GuestSample;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmSpec;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryHypervisorForTests;
import org.strata.spi.hypervisor.GuestInfo;

/**
 * The guest sampler against core's real H2 repository, event log and host sessions, with the in-memory hypervisor
 * stand-in that core's other monitoring tests use (no real guest agent runs in a unit test): what each VM's agent says
 * is set per test.
 */
public class GuestSamplerTest {

    private static final long GIB = 1L << 30;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private GuestSampler sampler;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        sampler = sampler(2);
    }

    private GuestSampler sampler(int parallelism) {
        return new GuestSampler(
                bed.repository,
                bed.repository,
                bed.drivers,
                bed.sessions,
                bed.events,
                Clock.systemUTC(),
                Executors.newSingleThreadScheduledExecutor(),
                new GuestSampler.Settings(Duration.ZERO, parallelism, 90, 5, 3, 4));
    }

    @After
    public void close() {
        sampler.close();
        bed.close();
    }

    private String runningVm(Host host, String name) throws InterruptedException {
        String vm = bed.await(bed.vms.create(host.id(), VmSpec.of(name, 1, 512), "alice"))
                .result();
        assertEquals(
                TaskState.SUCCEEDED,
                bed.await(bed.vms.act(vm, "start", null, "alice")).state());
        return vm;
    }

    private String hypervisorId(String vm) {
        return bed.vms.vm(vm).hypervisorId();
    }

    private static GuestInfo answer(String address, long usedBytes) {
        return new GuestInfo(
                true,
                null,
                Map.of("pretty-name", "Debian GNU/Linux 12 (bookworm)", "kernel-release", "6.1.0-28-amd64"),
                "web",
                List.of(
                        new GuestInfo.Interface("lo", null, List.of(new GuestInfo.Address("127.0.0.1", 8))),
                        new GuestInfo.Interface(
                                "ens3",
                                "52:54:00:12:34:56",
                                List.of(
                                        new GuestInfo.Address(address, 24),
                                        new GuestInfo.Address("FE80::5054:FF:FE12:3456", 64)))),
                new GuestInfo.Timezone("UTC", 0),
                List.of(),
                List.of(
                        new GuestInfo.FileSystem("/", "ext4", 10 * GIB, usedBytes),
                        new GuestInfo.FileSystem("/boot", "ext2", GIB, -1)));
    }

    private List<Event> guestEvents(String vm) {
        return bed.events.events(vm, PageRequest.first()).items().stream()
                .filter(e -> e.type().startsWith("GUEST_"))
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .toList();
    }

    @Test
    public void aFileSystemCrossingTheThresholdRaisesOneEventAndItsClearingWaitsForTheHysteresis() throws Exception {
        Host host = bed.addHost("h1", "mem://a");
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://a");
        String vm = runningVm(host, "web");
        fake.guests.put(hypervisorId(vm), answer("10.0.2.15", 5 * GIB));

        sampler.sample();
        GuestSample sample = sampler.sample(vm);
        assertTrue(sample.agentRunning());
        assertNull(sample.reason());
        assertEquals("Debian GNU/Linux 12 (bookworm)", sample.os());
        assertEquals("6.1.0-28-amd64", sample.kernel());
        assertEquals("web", sample.hostname());
        assertEquals(
                "loopback left out, IPv6 in lower case",
                List.of("10.0.2.15", "fe80::5054:ff:fe12:3456"),
                sample.addresses());
        assertEquals(2, sample.fileSystems().size());
        assertEquals(50.0, sample.fileSystems().get(0).usedPercent(), 1e-9);
        assertEquals(-1, sample.fileSystems().get(1).usedPercent(), 1e-9);
        assertEquals(List.of(), guestEvents(vm));

        fake.guests.put(hypervisorId(vm), answer("10.0.2.15", (long) (9.5 * GIB)));
        sampler.sample();
        sampler.sample(); // still full: no second event
        List<Event> events = guestEvents(vm);
        assertEquals(1, events.size());
        Event full = events.get(0);
        assertEquals("GUEST_FILESYSTEM_FULL", full.type());
        assertEquals(Event.Severity.WARNING, full.severity());
        assertEquals("vm", full.subjectType());
        assertTrue(
                full.message(),
                full.message().contains("'/'")
                        && full.message().contains("'web'")
                        && full.message().contains("95.0 %"));
        assertTrue(sampler.sample(vm).fileSystems().get(0).full());

        fake.guests.put(hypervisorId(vm), answer("10.0.2.15", (long) (8.7 * GIB)));
        sampler.sample(); // 87 %: under 90, not under 85
        assertEquals(1, guestEvents(vm).size());
        fake.guests.put(hypervisorId(vm), answer("10.0.2.15", 8 * GIB));
        sampler.sample();
        events = guestEvents(vm);
        assertEquals(2, events.size());
        assertEquals("GUEST_FILESYSTEM_CLEARED", events.get(1).type());
        assertEquals(Event.Severity.INFO, events.get(1).severity());
        assertTrue(events.get(1).message(), events.get(1).message().contains("80.0 %"));

        // The ring keeps the last 4 uses of five rounds, oldest first.
        List<GuestSample.Use> recent = sampler.sample(vm).fileSystems().get(0).recent();
        assertEquals(4, recent.size());
        assertEquals(95.0, recent.get(0).usedPercent(), 1e-4);
        assertEquals(80.0, recent.get(3).usedPercent(), 1e-4);
        assertFalse(sampler.sample(vm).fileSystems().get(0).full());

        assertEquals(List.of(vm), sampler.vmsWithAddress("10.0.2.15"));
        assertEquals(List.of(vm), sampler.vmsWithAddress("fe80::5054:FF:fe12:3456"));
        assertEquals(List.of(), sampler.vmsWithAddress("127.0.0.1"));
        assertEquals(List.of(), sampler.vmsWithAddress("10.0.2.16"));
    }

    @Test
    public void anAgentSilentForTheRoundsRaisesOneEventAndItsReturnClearsIt() throws Exception {
        Host host = bed.addHost("h1", "mem://a");
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://a");
        String vm = runningVm(host, "web");
        String never = runningVm(host, "bare");
        fake.guests.put(hypervisorId(vm), answer("10.0.2.15", GIB));
        fake.guests.put(hypervisorId(never), GuestInfo.noAgent("QEMU guest agent is not connected"));

        sampler.sample();
        fake.guests.put(hypervisorId(vm), GuestInfo.noAgent("QEMU guest agent is not connected"));
        sampler.sample();
        sampler.sample();
        assertEquals("two silent rounds are not three", List.of(), guestEvents(vm));
        GuestSample silent = sampler.sample(vm);
        assertFalse(silent.agentRunning());
        assertEquals("QEMU guest agent is not connected", silent.reason());
        assertEquals(2, silent.silentRounds());
        assertEquals("what it said last is kept", "web", silent.hostname());
        assertEquals(List.of(vm), sampler.vmsWithAddress("10.0.2.15"));

        sampler.sample();
        sampler.sample();
        List<Event> events = guestEvents(vm);
        assertEquals(1, events.size());
        assertEquals("GUEST_AGENT_SILENT", events.get(0).type());
        assertEquals(Event.Severity.WARNING, events.get(0).severity());
        assertTrue(events.get(0).message(), events.get(0).message().contains("'web'"));

        fake.guests.put(hypervisorId(vm), answer("10.0.2.15", GIB));
        sampler.sample();
        sampler.sample();
        events = guestEvents(vm);
        assertEquals(2, events.size());
        assertEquals("GUEST_AGENT_BACK", events.get(1).type());
        assertEquals(0, sampler.sample(vm).silentRounds());

        // A VM whose agent never answered is a state, not silence.
        GuestSample bare = sampler.sample(never);
        assertFalse(bare.agentRunning());
        assertEquals("QEMU guest agent is not connected", bare.reason());
        assertNull(bare.answeredAt());
        assertEquals(List.of(), guestEvents(never));
    }

    @Test
    public void aHostWhoseDriverCannotAskAgentsIsSkippedUntilItsDriverArrivesAgain() throws Exception {
        Host host = bed.addHost("h1", "mem://a");
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://a");
        String vm = runningVm(host, "web");

        sampler.sample();
        assertEquals(1, fake.guestCalls.get());
        sampler.sample();
        sampler.sample();
        assertEquals("asked once, then remembered", 1, fake.guestCalls.get());
        GuestSample none = sampler.sample(vm);
        assertNull(none.at());
        assertTrue(none.reason(), none.reason().contains("cannot ask guest agents"));
        assertEquals(List.of(), guestEvents(vm));

        // The driver's bundle updated: it may ask agents now.
        fake.guests.put(hypervisorId(vm), answer("10.0.2.15", GIB));
        bed.drivers.unregister(7L);
        bed.drivers.register(bed.driver, "test.bundle", 8L);
        sampler.sample();
        assertEquals(2, fake.guestCalls.get());
        assertTrue(sampler.sample(vm).agentRunning());
    }

    @Test
    public void vmsThatStopOrGoAreDroppedAndUnknownOnesAreNotFound() throws Exception {
        Host host = bed.addHost("h1", "mem://a");
        InMemoryHypervisorForTests.FakeHost fake = bed.driver.host("mem://a");
        String vm = runningVm(host, "web");
        fake.guest = answer("10.0.2.15", GIB);
        sampler.sample();
        assertEquals(1, sampler.size());

        assertEquals(
                TaskState.SUCCEEDED,
                bed.await(bed.vms.act(vm, "poweroff", null, "alice")).state());
        sampler.sample();
        assertEquals(0, sampler.size());
        GuestSample stopped = sampler.sample(vm);
        assertNull(stopped.at());
        assertTrue(stopped.reason(), stopped.reason().contains("STOPPED"));
        assertEquals(List.of(), sampler.vmsWithAddress("10.0.2.15"));
        assertEquals(
                ErrorCode.NOT_FOUND,
                org.junit.Assert.assertThrows(StrataException.class, () -> sampler.sample("nope"))
                        .code());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                org.junit.Assert.assertThrows(StrataException.class, () -> sampler.vmsWithAddress(" "))
                        .code());
    }

    @Test
    public void hostsAskedSeveralAtATimeGiveEachVmItsOwnSample() throws Exception {
        sampler.close();
        sampler = sampler(3);
        for (int h = 0; h < 5; h++) {
            Host host = bed.addHost("h" + h, "mem://p" + h);
            for (int v = 0; v < 2; v++) {
                String vm = runningVm(host, "vm" + h + "-" + v);
                bed.driver.host("mem://p" + h).guests.put(hypervisorId(vm), answer("10.0." + h + "." + v, GIB));
            }
        }
        sampler.sample();
        assertEquals(10, sampler.size());
        for (int h = 0; h < 5; h++) {
            for (int v = 0; v < 2; v++) {
                List<String> found = sampler.vmsWithAddress("10.0." + h + "." + v);
                assertEquals(1, found.size());
                assertEquals("vm" + h + "-" + v, bed.vms.vm(found.get(0)).name());
            }
        }
    }
}
