package org.strata.core.layers;

import static org.junit.Assert.assertEquals;
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
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.CoreTestbed;
import org.strata.engine.HostStandby;
import org.strata.engine.TaskContext;

/**
 * Core's create and start tasks ask the layer's {@link HostStandby} to bring their host back before they use it: a
 * host that stopped answering (as a host powered off in standby does) is usable by the time the task calls its
 * driver. The hook here is a hand-written stand-in for the datacenter layer's (which powers hosts on through their
 * BMCs, shown end to end by DatacenterPowerIT): it brings the in-memory host back up.
 */
public class HostStandbyHookTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /** The hosts the hook was asked about, in order, and the task progress it saw. */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    private CoreTestbed bed;
    private Host h1;

    /** Wakes host "mem://a" when it is down: what the datacenter layer does through the BMC. */
    private final class WakingHookForTests implements HostStandby {
        @Override
        public void awaken(String hostId, TaskContext context) {
            asked.add(hostId);
            if (hostId.equals(h1.id()) && bed.driver.host("mem://a").down) {
                context.progress(20, "powering " + hostId + " on");
                bed.driver.host("mem://a").down = false;
            }
        }
    }

    @Before
    public void open() {
        bed = new CoreTestbed(
                folder.getRoot().toPath().resolve("key"),
                Clock.systemUTC(),
                Duration.ofMillis(20),
                LayerHooks.of(null, null, new WakingHookForTests()));
        h1 = bed.addHost("h1", "mem://a");
    }

    @After
    public void close() {
        bed.close();
    }

    private static VmSpec spec(String name) {
        return new VmSpec(name, 1, 256, null, List.of(), List.of(), List.of(), List.of(), null, false, null);
    }

    private Task done(Task task) throws Exception {
        Task end = bed.await(task);
        assertEquals(end.errorMessage(), TaskState.SUCCEEDED, end.state());
        return end;
    }

    @Test
    public void createAndStartBringTheirHostBackFirst() throws Exception {
        String id = done(bed.vms.create(h1.id(), spec("web"), "alice")).result();
        assertEquals(List.of(h1.id()), asked);

        // The host goes away (standby: powered off); starting its VM brings it back before the start.
        bed.driver.host("mem://a").down = true;
        done(bed.vms.act(id, "start", null, "alice"));
        assertEquals(List.of(h1.id(), h1.id()), asked);
        assertEquals(VmState.RUNNING, bed.vms.vm(id).state());
        assertTrue(bed.driver.host("mem://a").has(id));

        // A create on a host that is away is defined once the hook has brought it back.
        bed.driver.host("mem://a").down = true;
        String second = done(bed.vms.create(h1.id(), spec("db"), "alice")).result();
        assertTrue(bed.driver.host("mem://a").has(second));
        assertEquals(3, asked.size());

        // Other lifecycle actions do not ask: only what defines or starts a VM needs its host back.
        done(bed.vms.act(id, "poweroff", null, "alice"));
        assertEquals(3, asked.size());
    }
}
