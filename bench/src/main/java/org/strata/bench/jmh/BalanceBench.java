package org.strata.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.datacenter.balance.Balancer;
import org.strata.datacenter.balance.BalancingPlan;
import org.strata.datacenter.balance.BalancingPolicy;
import org.strata.datacenter.balance.ClusterSnapshot;
import org.strata.datacenter.balance.HostSnapshot;
import org.strata.datacenter.balance.MoveCheck;
import org.strata.datacenter.balance.Pin;
import org.strata.datacenter.balance.PowerPlan;
import org.strata.datacenter.balance.PowerPlanner;
import org.strata.datacenter.balance.PowerPolicy;
import org.strata.datacenter.balance.VmSnapshot;

/**
 * One balancing round and one consolidation round of the datacenter layer's planners (org.strata.datacenter.balance)
 * over a synthetic cluster of {@code hosts} hosts and about {@code vmsPerHost} running VMs each (10,000 hosts: about
 * 200,000 VMs). The cluster is skewed as a real one: hosts of 32, 48 and 64 CPUs and 256 to 512 GiB, VMs of 1 to 8
 * vCPUs and 1 to 16 GiB using 5 to 40 % of their vCPUs, one host in a hundred hot (its VMs busy at 50 to 100 %, so
 * over the high-water mark), one VM in thirty pinned (pass-through, local disk, must-affinity). The cluster uses about
 * a quarter of its CPUs: a balancing round acts on the hot hosts, a consolidation round powers hosts off.
 *
 * <p>The move check is what placement would plug in: vCPU over-commit at most 4:1 and configured memory at most the
 * host's, from the allocations after the moves planned so far, and an anti-affinity stand-in refusing one pair in
 * twenty. Balancing: level 3, at most 50 migrations. Consolidation: the default band (45 to 81 %), at least a tenth of
 * the hosts on, at most 50 hosts per round.
 *
 * <p>Run through {@code bench/jmh.sh balance} (add {@code -prof gc} for the allocation rate). The snapshot is built once
 * per trial; the planners are what each invocation measures, from the snapshot to the plan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class BalanceBench {

    @Param({"1000", "10000"})
    public int hosts;

    @Param("20")
    public int vmsPerHost;

    private ClusterSnapshot snapshot;
    private final Balancer balancer = new Balancer();
    private final PowerPlanner powerPlanner = new PowerPlanner();
    private BalancingPolicy balancing;
    private PowerPolicy power;
    private MoveCheck check;

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = cluster(hosts, vmsPerHost, 42);
        balancing = BalancingPolicy.forLevel(3, 50);
        power = PowerPolicy.defaults(hosts / 10, 50);
        check = (vm, target, planned) -> planned.allocatedVcpus(target.id()) + vm.vcpus() <= 4 * target.cpuCapacity()
                && planned.allocatedMemoryMib(target.id()) + vm.memoryMib() <= target.memoryMib()
                && Math.floorMod(vm.id().hashCode() * 31 + target.id().hashCode(), 20) != 0;
        BalancingPlan plan = balancer.plan(snapshot, balancing, check);
        PowerPlan consolidation = powerPlanner.plan(snapshot, power, List.of(), check);
        System.out.printf(
                "%n%d hosts, %d VMs: balancing %s, %d migrations, imbalance %.4f -> %.4f, %d excluded, %d refused;"
                        + " power %s, %d hosts off, %d moves%n",
                snapshot.hosts().size(),
                snapshot.vms().size(),
                plan.outcome(),
                plan.migrations().size(),
                plan.imbalanceBefore(),
                plan.imbalanceAfter(),
                plan.excluded().size(),
                plan.refusedByCheck(),
                consolidation.action(),
                consolidation.powerOff().size(),
                consolidation.moveCount());
    }

    /** One balancing round: level 3, at most 50 migrations. */
    @Benchmark
    public BalancingPlan balancingRound() {
        return balancer.plan(snapshot, balancing, check);
    }

    /** The metric alone: the pass over the snapshot every round makes before it plans. */
    @Benchmark
    public double imbalanceOnly() {
        return balancer.imbalance(snapshot);
    }

    /** One consolidation round: at most 50 hosts emptied. */
    @Benchmark
    public PowerPlan consolidationRound() {
        return powerPlanner.plan(snapshot, power, List.of(), check);
    }

    /** The synthetic cluster; the same seed gives the same cluster (the planners' unit tests use a copy of it). */
    static ClusterSnapshot cluster(int hosts, int vmsPerHost, long seed) {
        Random random = new Random(seed);
        List<HostSnapshot> hostList = new ArrayList<>(hosts);
        List<VmSnapshot> vms = new ArrayList<>(hosts * vmsPerHost);
        Pin.Kind[] kinds = Pin.Kind.values();
        int vmNumber = 0;
        for (int h = 0; h < hosts; h++) {
            String hostId = String.format("host-%05d", h);
            double cpus = 32 + 16 * random.nextInt(3);
            long mem = 262_144L + 131_072L * random.nextInt(3);
            boolean hot = random.nextInt(100) == 0;
            int count = vmsPerHost / 2 + random.nextInt(vmsPerHost + 1);
            double cpuUsed = 0;
            long memUsed = 0;
            for (int i = 0; i < count; i++) {
                int vcpus = 1 << random.nextInt(4);
                long vmMem = 1024L << random.nextInt(5);
                double busy = hot ? 0.5 + 0.5 * random.nextDouble() : 0.05 + 0.35 * random.nextDouble();
                double use = vcpus * busy;
                long memUse = (long) (vmMem * (0.4 + 0.5 * random.nextDouble()));
                Optional<Pin> pin = random.nextInt(30) == 0
                        ? Optional.of(new Pin(kinds[random.nextInt(kinds.length)], "#" + vmNumber))
                        : Optional.empty();
                vms.add(new VmSnapshot(String.format("vm-%07d", vmNumber++), hostId, vcpus, vmMem, use, memUse, pin));
                cpuUsed += use;
                memUsed += memUse;
            }
            hostList.add(HostSnapshot.active(
                    hostId, cpus, mem, Math.min(cpus, cpuUsed + 0.5), Math.min(mem, memUsed + 2048)));
        }
        return new ClusterSnapshot("bench", hostList, vms);
    }
}
