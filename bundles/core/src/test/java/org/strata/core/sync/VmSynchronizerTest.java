package org.strata.core.sync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.history.HistoryEntry;
import org.strata.api.inventory.Host;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmState;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryHypervisorForTests;
import org.strata.core.vm.InFlight;
import org.strata.spi.hypervisor.VmInfo;

public class VmSynchronizerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private Host host;
    private InMemoryHypervisorForTests.FakeHost fake;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        host = bed.addHost("h1", "mem://a");
        fake = bed.driver.host("mem://a");
    }

    @After
    public void close() {
        bed.close();
    }

    private VirtualMachine recorded(String hypervisorId) {
        return bed.repository.vmByHypervisorId(host.id(), hypervisorId).orElse(null);
    }

    @Test
    public void aHostAddedOrADriverReturningBringsItsVmsIntoTheInventoryAtOnce() throws Exception {
        String early = bed.driver.host("mem://b").defineOutside("early", 1, 256, VmInfo.PowerState.RUNNING);
        Host second = bed.addHost("h2", "mem://b");
        assertEquals(
                "adding the host reconciled it, no refresh asked",
                second.id(),
                bed.repository
                        .vmByHypervisorId(second.id(), early)
                        .orElseThrow()
                        .hostId());

        bed.drivers.unregister(7L);
        String uuid = fake.defineOutside("while-away", 1, 256, VmInfo.PowerState.STOPPED);
        bed.drivers.register(bed.driver, "test.bundle", 8L);
        bed.synchronizer.awaitQueued();
        assertEquals(
                "the returning driver's hosts were reconciled",
                "while-away",
                recorded(uuid).name());
    }

    @Test
    public void changesMadeWithVirshReachTheInventoryThroughEvents() throws Exception {
        bed.inventory.virtualMachines(host.id()); // opens the session, which subscribes to events
        assertEquals(1, fake.listeners());

        String uuid = fake.defineOutside("outsider", 1, 256, VmInfo.PowerState.RUNNING);
        assertTrue(CoreTestbed.eventually(
                () -> recorded(uuid) != null && recorded(uuid).state() == VmState.RUNNING));
        VirtualMachine found = recorded(uuid);
        assertFalse(found.managed());
        assertEquals("the UUID is kept as Strata's id", uuid, found.id());
        assertEquals("outsider", found.name());
        assertEquals(256, found.memoryMb());

        fake.setStateOutside(uuid, VmInfo.PowerState.STOPPED);
        assertTrue(CoreTestbed.eventually(() -> recorded(uuid).state() == VmState.STOPPED));
        bed.synchronizer.awaitQueued(); // the event is recorded just after the state
        assertTrue(bed.events.events(uuid, PageRequest.first()).items().stream()
                .anyMatch(
                        e -> e.type().equals("VM_STATE_CHANGED") && e.message().contains("STOPPED")));

        fake.setMemoryOutside(uuid, 512);
        assertTrue(CoreTestbed.eventually(() -> recorded(uuid).memoryMb() == 512));
        HistoryEntry change =
                bed.repository.history("vm", uuid, PageRequest.first()).items().get(0);
        assertEquals(HistoryEntry.Action.UPDATE, change.action());
        assertEquals(VmSynchronizer.PRINCIPAL, change.principal());

        fake.undefineOutside(uuid);
        assertTrue(CoreTestbed.eventually(() -> recorded(uuid) == null));
        bed.synchronizer.awaitQueued();
        assertTrue(bed.events.events(uuid, PageRequest.first()).items().stream()
                .anyMatch(e -> e.type().equals("VM_VANISHED")));
    }

    @Test
    public void anEventsDetailReachesTheEventLogInWords() throws Exception {
        bed.inventory.virtualMachines(host.id());
        String uuid = fake.defineOutside("doomed", 1, 256, VmInfo.PowerState.STOPPED);
        assertTrue(CoreTestbed.eventually(() -> recorded(uuid) != null));

        fake.undefineOutside(uuid, "removed: java.lang.IllegalStateException: the domain's files are gone");
        assertTrue(CoreTestbed.eventually(() -> recorded(uuid) == null));
        bed.synchronizer.awaitQueued();
        assertEquals(
                List.of("VM doomed was undefined on host h1 (removed: the domain's files are gone)"),
                bed.events.events(uuid, PageRequest.first()).items().stream()
                        .filter(e -> e.type().equals("VM_VANISHED"))
                        .map(Event::message)
                        .toList());
    }

    @Test
    public void theReconcileRepairsWhatMissedEventsLeftWrong() throws Exception {
        bed.inventory.virtualMachines(host.id());
        fake.missEvents = true;
        String uuid = fake.defineOutside("quiet", 2, 1024, VmInfo.PowerState.STOPPED);
        bed.synchronizer.awaitQueued();
        assertEquals(null, recorded(uuid));

        String result = bed.synchronizer.reconcile(host.id());
        assertEquals("1 VMs on h1: 1 added, 0 removed, 0 updated", result);
        assertEquals(VmState.STOPPED, recorded(uuid).state());

        fake.setStateOutside(uuid, VmInfo.PowerState.RUNNING);
        fake.setMemoryOutside(uuid, 2048);
        assertEquals("1 VMs on h1: 0 added, 0 removed, 1 updated", bed.synchronizer.reconcile(host.id()));
        assertEquals(VmState.RUNNING, recorded(uuid).state());
        assertEquals(2048, recorded(uuid).memoryMb());
        assertEquals(
                "nothing left to repair",
                "1 VMs on h1: 0 added, 0 removed, 0 updated",
                bed.synchronizer.reconcile(host.id()));

        // A VM Strata defined and then lost with virsh undefine is forgotten too.
        fake.missEvents = false;
        String ours = bed.await(bed.vms.create(host.id(), org.strata.api.vm.VmSpec.of("ours", 1, 256), "alice"))
                .result();
        assertTrue(bed.repository.vm(ours).orElseThrow().managed());
        fake.missEvents = true;
        fake.undefineOutside(ours);
        fake.undefineOutside(uuid);
        assertEquals("0 VMs on h1: 0 added, 2 removed, 0 updated", bed.synchronizer.reconcile(host.id()));
        assertEquals(List.of(), bed.repository.vmsOfHost(host.id()));
    }

    @Test
    public void vmsATaskIsChangingAreLeftToTheTask() throws Exception {
        bed.inventory.virtualMachines(host.id());
        fake.missEvents = true;
        String uuid = fake.defineOutside("busy", 1, 256, VmInfo.PowerState.STOPPED);
        try (InFlight.Operation op = bed.inFlight.begin(uuid)) {
            assertEquals("1 VMs on h1: 0 added, 0 removed, 0 updated", bed.synchronizer.reconcile(host.id()));
            assertEquals(null, recorded(uuid));
        }
        bed.synchronizer.reconcile(host.id());
        assertEquals("busy", recorded(uuid).name());
    }

    @Test
    public void aPeriodicRoundOverSeveralHostsAtOnceRecordsWhatEachHostHas() throws Exception {
        List<Host> hosts = new ArrayList<>(List.of(host));
        for (int h = 1; h < 6; h++) {
            hosts.add(bed.addHost("p" + h, "mem://p" + h));
        }
        Map<String, Map<String, VmState>> expected = new HashMap<>();
        for (int h = 0; h < hosts.size(); h++) {
            InMemoryHypervisorForTests.FakeHost onHost = bed.driver.host(h == 0 ? "mem://a" : "mem://p" + h);
            onHost.missEvents = true; // only the round can find them
            Map<String, VmState> vms = new HashMap<>();
            for (int v = 0; v < 4; v++) {
                boolean running = v % 2 == 0;
                vms.put(
                        onHost.defineOutside(
                                "h" + h + "-vm" + v,
                                1,
                                256,
                                running ? VmInfo.PowerState.RUNNING : VmInfo.PowerState.STOPPED),
                        running ? VmState.RUNNING : VmState.STOPPED);
            }
            expected.put(hosts.get(h).id(), vms);
        }
        // Its first round runs at once on its worker; awaitQueued waits for what was queued after it.
        VmSynchronizer parallel = new VmSynchronizer(
                bed.repository,
                bed.repository,
                bed.drivers,
                bed.sessions,
                bed.events,
                bed.inFlight,
                Executors.newSingleThreadScheduledExecutor(),
                Duration.ofHours(1),
                3);
        try {
            parallel.awaitQueued();
        } finally {
            parallel.close();
        }
        for (Host h : hosts) {
            Map<String, VmState> found = new HashMap<>();
            bed.repository.vmsOfHost(h.id()).forEach(vm -> found.put(vm.hypervisorId(), vm.state()));
            assertEquals(h.name(), expected.get(h.id()), found);
        }
        assertEquals(
                24,
                bed.events.events(null, new PageRequest(0, 200)).items().stream()
                        .filter(e -> e.type().equals("VM_DISCOVERED"))
                        .count());
    }
}
