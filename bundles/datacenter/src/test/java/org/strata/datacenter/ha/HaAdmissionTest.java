package org.strata.datacenter.ha;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;

public class HaAdmissionTest {

    /** Three hosts of 8 vCPUs and 8 GiB each (after overcommit). */
    private static final List<HaAdmission.HostRoom> HOSTS = List.of(
            new HaAdmission.HostRoom("h1", "one", 8, 8192),
            new HaAdmission.HostRoom("h2", "two", 8, 8192),
            new HaAdmission.HostRoom("h3", "three", 8, 8192));

    private static ClusterHa policy(Admission admission) {
        return new ClusterHa("c", true, admission, 1, 25, 25, List.of("h3"), null);
    }

    private static HaAdmission.Load vm(String id, String host, long memory, boolean ha) {
        return new HaAdmission.Load(id, host, 1, memory, ha);
    }

    @Test
    public void oneHostFailureToleratedAdmitsWhatTwoHostsHoldAndRefusesMore() {
        // 14 GiB of HA VMs: two hosts (16 GiB) hold them after the loss of any one.
        List<HaAdmission.Load> running =
                List.of(vm("a", "h1", 6144, true), vm("b", "h2", 6144, true), vm("c", "h3", 2048, true));
        assertNull(HaAdmission.refusal(
                policy(Admission.HOST_FAILURES), HOSTS, running, vm("d", "h3", 1024, true), "VM 'd'"));
        String refusal = HaAdmission.refusal(
                policy(Admission.HOST_FAILURES), HOSTS, running, vm("d", "h3", 4096, true), "VM 'd'");
        assertTrue(refusal, refusal.startsWith("HA admission control (1 host failure tolerated)"));
        assertTrue(refusal, refusal.contains("VM 'd'"));
    }

    @Test
    public void nonHaVmsOfTheFailedHostsNeedNoRoom() {
        // h1 (one of the largest, taken as failed) runs 8 GiB of non-HA VMs: they go with it and need no restart room.
        List<HaAdmission.Load> running = List.of(vm("a", "h1", 8192, false), vm("b", "h2", 6144, true));
        assertNull(HaAdmission.refusal(
                policy(Admission.HOST_FAILURES), HOSTS, running, vm("c", "h3", 8192, true), "VM 'c'"));
    }

    @Test
    public void toleratingAsManyFailuresAsHostsIsRefusedPlainly() {
        ClusterHa three = new ClusterHa("c", true, Admission.HOST_FAILURES, 3, 0, 0, List.of(), null);
        String refusal = HaAdmission.refusal(three, HOSTS, List.of(), vm("a", "h1", 1, true), "VM 'a'");
        assertTrue(refusal, refusal.contains("only 3 hosts"));
    }

    @Test
    public void percentageKeepsTheShareFree() {
        // 25% of 24 GiB kept: 18 GiB may be used.
        List<HaAdmission.Load> running = List.of(vm("a", "h1", 8192, true), vm("b", "h2", 8192, false));
        assertNull(
                HaAdmission.refusal(policy(Admission.PERCENTAGE), HOSTS, running, vm("c", "h3", 2048, true), "VM 'c'"));
        String refusal =
                HaAdmission.refusal(policy(Admission.PERCENTAGE), HOSTS, running, vm("c", "h3", 2049, true), "VM 'c'");
        assertTrue(refusal, refusal.startsWith("HA admission control (percentage: 25% of memory"));
    }

    @Test
    public void failoverHostsTakeNothingButAreNotCountedOtherwise() {
        assertNull(HaAdmission.refusal(
                policy(Admission.FAILOVER_HOSTS), HOSTS, List.of(), vm("a", "h1", 8192, true), "VM 'a'"));
        String refusal = HaAdmission.refusal(
                policy(Admission.FAILOVER_HOSTS), HOSTS, List.of(), vm("a", "h3", 1, false), "VM 'a'");
        assertEquals(
                "HA admission control (failover hosts): host three is kept for restarting the HA VMs of failed"
                        + " hosts; VM 'a' cannot run there",
                refusal);
    }

    @Test
    public void aDisabledClusterOrNoPolicyAdmitsEverything() {
        ClusterHa off = new ClusterHa("c", false, Admission.HOST_FAILURES, 2, 0, 0, List.of(), null);
        assertNull(HaAdmission.refusal(off, HOSTS, List.of(), vm("a", "h1", 1 << 20, true), "VM 'a'"));
        assertNull(
                HaAdmission.refusal(policy(Admission.NONE), HOSTS, List.of(), vm("a", "h1", 1 << 20, true), "VM 'a'"));
    }

    @Test
    public void theClusterAsItRunsIsCheckedAgainstANewPolicy() {
        List<HaAdmission.Load> running = List.of(vm("a", "h3", 1024, false));
        assertTrue(HaAdmission.check(policy(Admission.FAILOVER_HOSTS), HOSTS, running)
                .contains("host three is to be kept for restarts but runs VMs"));
        assertNull(HaAdmission.check(policy(Admission.HOST_FAILURES), HOSTS, running));
    }
}
