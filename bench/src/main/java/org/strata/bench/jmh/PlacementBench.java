package org.strata.bench.jmh;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
import org.strata.api.inventory.HostState;
import org.strata.datacenter.placement.Ranking;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementRequest;

/**
 * One placement decision of the datacenter layer (its built-in filters and weighers, {@link Ranking}) over
 * {@code hosts} hosts gathered once: the choice alone (what a VM create runs) and the full explanation (what {@code GET
 * /placement/explain} runs, every filter asked of every host and every figure kept). Hosts of 32 to 64 CPUs and 256 to
 * 512 GiB, 0 to 120 vCPUs allocated, measured CPU 0 to 100 %, one in fifty in maintenance, one in a hundred
 * unreachable, half of them labelled {@code rack=r1}; the VM asks for 4 vCPUs, 8 GiB and {@code rack=r1}.
 *
 * <p>What is not in it: gathering the hosts from the repository and the live statistics (one read of the cluster's
 * members, hosts and VMs; measured on the distribution, see docs/performance.md). Run with {@code bench/jmh.sh
 * placement}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlacementBench {

    @Param({"1000", "10000"})
    public int hosts;

    private List<Candidate> candidates;
    private PlacementRequest vm;
    private final Ranking ranking = Ranking.builtIn();

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        candidates = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            int cpus = 32 + 16 * random.nextInt(3);
            long memory = 262_144L + 65_536L * random.nextInt(5);
            long allocated = random.nextInt(121);
            double busy = random.nextDouble() * 100;
            Set<String> vms = new HashSet<>();
            for (int v = 0; v < allocated / 4; v++) {
                vms.add("vm-" + i + "-" + v);
            }
            candidates.add(new Candidate(
                    "host-" + i,
                    String.format("host-%05d", i),
                    "kvm",
                    "cluster",
                    i % 100 == 7 ? HostState.UNREACHABLE : HostState.AVAILABLE,
                    i % 50 == 3 ? "in" : "none",
                    i % 2 == 0 ? Map.of("rack", "r1") : Map.of("rack", "r2"),
                    Set.of("VM_DEFINE", "LIVE_MIGRATION", "VM_POWER"),
                    cpus,
                    memory,
                    cpus * 4.0,
                    memory,
                    allocated,
                    allocated * 2048,
                    busy,
                    (long) (memory * busy / 100),
                    vms));
        }
        vm = new PlacementRequest(
                null, "web", "pool", null, 4, 8192, Map.of("rack", "r1"), Set.of("VM_DEFINE"), "spread");
    }

    @Benchmark
    public String choose() {
        return ranking.rank(candidates, vm, false).chosenHostId();
    }

    @Benchmark
    public int explain() {
        return ranking.rank(candidates, vm, true).verdicts().size();
    }
}
