package org.strata.core.layers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.inventory.Host;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.CoreTestbed;
import org.strata.engine.HostPlacement;
import org.strata.engine.HostStandby;
import org.strata.engine.TaskContext;
import org.strata.spi.hypervisor.VmInfo;

/**
 * A start the layer sends elsewhere ({@link HostPlacement#startHost}): core brings the chosen host back, moves the
 * stopped VM's definition there with its UUID, records the move and starts it there; when its old host refuses to let
 * it go, the new definition is removed again and the VM stays where it was. The layer here is a hand-written
 * stand-in for the datacenter layer's placement (which decides from capacity, maintenance and affinity, shown by
 * DatacenterLayerIT and, with a host powered on for it, DatacenterPowerIT).
 */
public class StartElsewhereTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<String> awakened = new CopyOnWriteArrayList<>();
    private volatile Runnable whenAwakening = () -> {};
    private CoreTestbed bed;
    private Host h1;
    private Host h2;

    /** Sends every VM of h1 to h2. */
    private final class ToSecondHostForTests implements HostPlacement {
        @Override
        public String chooseHost(String poolId, VmSpec spec, String principal) {
            return h1.id();
        }

        @Override
        public String startHost(VirtualMachine vm, String principal) {
            return vm.hostId().equals(h1.id()) ? h2.id() : null;
        }
    }

    private final class RecordingStandbyForTests implements HostStandby {
        @Override
        public void awaken(String hostId, TaskContext context) {
            awakened.add(hostId);
            whenAwakening.run();
        }
    }

    @Before
    public void open() {
        bed = new CoreTestbed(
                folder.getRoot().toPath().resolve("key"),
                Clock.systemUTC(),
                Duration.ofMillis(20),
                LayerHooks.of(null, new ToSecondHostForTests(), new RecordingStandbyForTests()));
        h1 = bed.addHost("h1", "mem://a");
        h2 = bed.addHost("h2", "mem://b");
    }

    @After
    public void close() {
        bed.close();
    }

    private Task ended(Task task) throws Exception {
        return bed.await(task);
    }

    @Test
    public void aStartTheLayerSendsElsewhereMovesTheDefinitionThenStarts() throws Exception {
        String id = ended(bed.vms.create(h1.id(), VmSpec.of("web", 1, 256), "alice"))
                .result();
        awakened.clear();

        Task start = ended(bed.vms.act(id, "start", null, "alice"));
        assertEquals(start.errorMessage(), TaskState.SUCCEEDED, start.state());
        assertEquals("the destination is brought back first", List.of(h2.id()), awakened);
        VirtualMachine moved = bed.vms.vm(id);
        assertEquals(h2.id(), moved.hostId());
        assertEquals(VmState.RUNNING, moved.state());
        assertEquals("its UUID is kept", id, moved.hypervisorId());
        assertTrue(bed.driver.host("mem://b").has(id));
        assertFalse(bed.driver.host("mem://a").has(id));
        assertTrue(bed.events.events(id, org.strata.api.PageRequest.first()).items().stream()
                .anyMatch(e -> e.type().equals("VM_MOVED")));
    }

    @Test
    public void whenItsOldHostWillNotLetItGoItStaysWhereItWas() throws Exception {
        String id =
                ended(bed.vms.create(h1.id(), VmSpec.of("db", 1, 256), "alice")).result();
        // Started behind Strata's back as the task begins: the old host refuses to undefine a running VM.
        whenAwakening = () -> bed.driver.host("mem://a").setStateOutside(id, VmInfo.PowerState.RUNNING);

        Task start = ended(bed.vms.act(id, "start", null, "alice"));
        assertEquals(TaskState.FAILED, start.state());
        assertFalse(
                "the new definition is removed again",
                bed.driver.host("mem://b").has(id));
        assertTrue(bed.driver.host("mem://a").has(id));
        assertEquals(h1.id(), bed.vms.vm(id).hostId());
    }
}
