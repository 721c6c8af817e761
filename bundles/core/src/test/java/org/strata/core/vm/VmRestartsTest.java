package org.strata.core.vm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.StrataException;
import org.strata.api.inventory.Host;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryHypervisorForTests;
import org.strata.engine.TaskContext;
import org.strata.spi.hypervisor.VmInfo;

/**
 * HA's restart of a VM whose host failed, against the in-memory hypervisor (a hand-written stand-in: the failures
 * here, a start whose answer is lost, cannot be made on demand with a real libvirtd; HighAvailabilityCrashIT meets
 * them for real when Strata is killed during a failover). What matters is where the VM is recorded afterwards: HA goes
 * on on the host it is recorded on, so a VM that may run there must stay recorded there.
 */
public class VmRestartsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private VmRestarts restarts;
    private Host failed;
    private Host other;
    private String vm;

    private static final TaskContext CONTEXT = new TaskContext() {
        @Override
        public String taskId() {
            return "t";
        }

        @Override
        public void progress(int percent, String message) {}

        @Override
        public void checkCancelled() {}
    };

    @Before
    public void open() throws Exception {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        restarts = new VmRestarts(bed.repository, bed.repository, bed.sessions, bed.inFlight, bed.events, bed.vms);
        failed = bed.addHost("h1", "mem://a");
        other = bed.addHost("h2", "mem://b");
        vm = bed.done(bed.vms.create(failed.id(), VmSpec.of("web", 1, 256), "alice"))
                .result();
        bed.done(bed.vms.act(vm, "start", null, "alice"));
        bed.driver.host("mem://a").down = true; // its host fails
    }

    @After
    public void close() {
        bed.close();
    }

    @Test
    public void aRestartDefinesStartsAndRecordsTheVmOnTheNewHost() throws Exception {
        assertEquals(
                "RUNNING", restarts.restart(vm, failed.id(), other.id(), "ha").run(CONTEXT));
        assertEquals(other.id(), bed.vms.vm(vm).hostId());
        assertEquals(VmState.RUNNING, bed.vms.vm(vm).state());
        assertEquals(
                "run again (a resumed failover), it finds the VM running and starts nothing",
                "RUNNING",
                restarts.restart(vm, failed.id(), other.id(), "ha").run(CONTEXT));
    }

    @Test
    public void aStartWhoseAnswerIsLostLeavesTheVmRecordedWhereItMayRun() {
        InMemoryHypervisorForTests.FakeHost destination = bed.driver.host("mem://b");
        // Defined there by an earlier attempt (a Strata killed after the definition), so this one only starts it.
        var spec = bed.driver.host("mem://a").spec(vm);
        bed.sessions.call(other.id(), s -> s.define(spec));
        destination.loseStartAnswer = true;

        assertThrows(
                StrataException.class,
                () -> restarts.restart(vm, failed.id(), other.id(), "ha").run(CONTEXT));
        assertTrue(destination.has(vm));
        assertEquals(
                "it runs there, though nobody heard: recorded there, so that HA goes on there and nowhere else",
                other.id(),
                bed.vms.vm(vm).hostId());
    }

    @Test
    public void aStartRefusedByTheDestinationLeavesNothingThereAndTheVmWhereItWas() {
        InMemoryHypervisorForTests.FakeHost destination = bed.driver.host("mem://b");
        // Refused as a held lease refuses it: defined, then the start fails, and the destination says it is off.
        destination.refuseStarts = true;

        assertThrows(
                StrataException.class,
                () -> restarts.restart(vm, failed.id(), other.id(), "ha").run(CONTEXT));
        assertFalse("the new definition is removed", destination.has(vm));
        assertEquals(failed.id(), bed.vms.vm(vm).hostId());
        assertEquals(
                VmInfo.PowerState.RUNNING, bed.driver.host("mem://a").info(vm).state());
    }
}
