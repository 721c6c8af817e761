package org.strata.datacenter.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans one power management round of a cluster (DPM-like) from measured load, within a {@link PowerPolicy}'s band.
 *
 * <h2>Powering on</h2>
 *
 * When fewer hosts are on than the policy's minimum, when the utilization (with the demands added) is over the
 * band's top, or when a VM to start fits on no powered-on host under the top (in both resources), the round powers
 * hosts on, among those that are off and that power management may power on:
 *
 * <ol>
 *   <li>for each VM that fits nowhere, the smallest host (CPUs, then memory, then id) that holds it under the top;
 *   <li>then, while the cluster would still be over the band's middle, the host that covers most of what is still
 *       missing (the covered share of the missing CPUs plus that of the missing memory); of hosts that cover all of
 *       it, the smallest. With one resource short this is the fewest hosts there can be (largest first, then the
 *       smallest that closes the gap); with both short it is the usual greedy cover, within one host of the fewest
 *       in the cases the tests try;
 *   <li>then, up to the minimum of hosts on, the largest.
 * </ol>
 *
 * What cannot be provided (no host left, a VM larger than any host) is named in {@link PowerPlan#unmet()}.
 *
 * <h2>Consolidating</h2>
 *
 * When no demand is pending and the utilization is under the band's bottom in both resources, the round walks the
 * powered-on hosts that accept VMs from the least loaded (by the larger of its CPU and memory load; ties by id) and
 * chooses each one whose removal leaves the others at most at the band's middle, until the policy's cap per round or
 * the minimum of hosts on. A host with a VM that cannot move is never chosen (it is named, with the VM and why). The
 * walk goes on past the cap to find the hosts later rounds would empty. Then the chosen hosts are emptied one after
 * the other onto the hosts that stay: each VM, largest first, to the least loaded host that stays at or under the
 * band's top in both resources and that the caller's {@link MoveCheck} allows, among the hosts that stay on for good
 * first and the ones later rounds would empty only when none of those will do. Spreading keeps the hosts that stay
 * balanced (a balancing round has nothing to undo), and sparing the later rounds' hosts keeps a VM from moving twice.
 * When one VM of a host fits nowhere, that host's moves are dropped and it stays on (named, with the VM); the hosts
 * already emptied are kept. A move check refusal is asked again for no other target than the {@value
 * #REFUSALS_PER_VM} least loaded that have room: a VM refused by that many fits nowhere, this round.
 *
 * <p>The same snapshot (in any order), policy and demands give the same plan. Stateless and thread-safe: each call
 * plans on its own working copy of the snapshot.
 */
public final class PowerPlanner {

    static final int REFUSALS_PER_VM = 64;

    /**
     * Plans one round.
     *
     * @param demands load about to come (VMs to start, reservations); empty when none
     */
    public PowerPlan plan(ClusterSnapshot snapshot, PowerPolicy policy, List<Demand> demands, MoveCheck check) {
        return plan(snapshot, policy, demands, check, Map.of());
    }

    /**
     * Plans one round in which some powered-on hosts may not be powered off (a host without a BMC): they are never
     * chosen to be emptied, and are named with the reason given when a round would have chosen them.
     *
     * @param keepOn hosts that stay on, by id, each with why
     */
    public PowerPlan plan(
            ClusterSnapshot snapshot,
            PowerPolicy policy,
            List<Demand> demands,
            MoveCheck check,
            Map<String, String> keepOn) {
        return new Round(new ClusterModel(snapshot), policy, List.copyOf(demands), check, Map.copyOf(keepOn)).run();
    }

    private static final class Round {
        private final ClusterModel model;
        private final PowerPolicy policy;
        private final List<Demand> demands;
        private final MoveCheck check;
        private final Map<String, String> keepOn;
        private final int[] active;
        private int activeCount;
        private double capCpu;
        private double capMem;
        private double usedCpu;
        private double usedMem;
        private double demandCpu;
        private double demandMem;
        private final List<PowerOn> powerOn = new ArrayList<>();
        private final List<PowerOff> powerOff = new ArrayList<>();
        private final List<HostSkip> skipped = new ArrayList<>();
        private final List<String> unmet = new ArrayList<>();

        Round(
                ClusterModel model,
                PowerPolicy policy,
                List<Demand> demands,
                MoveCheck check,
                Map<String, String> keepOn) {
            this.model = model;
            this.policy = policy;
            this.demands = demands;
            this.check = check;
            this.keepOn = keepOn;
            active = new int[model.hostCount()];
            for (int h = 0; h < model.hostCount(); h++) {
                HostSnapshot host = model.hosts[h];
                if (host.active()) {
                    active[activeCount++] = h;
                    capCpu += host.cpuCapacity();
                    capMem += host.memoryMib();
                    usedCpu += model.cpuUsed[h];
                    usedMem += model.memUsed[h];
                }
            }
            for (Demand d : demands) {
                demandCpu += d.cpu();
                demandMem += d.memoryMib();
            }
        }

        private static double load(double used, double capacity) {
            if (capacity == 0) {
                return used > 0 ? 1 : 0;
            }
            return used / capacity;
        }

        PowerPlan run() {
            double cpu = load(usedCpu + demandCpu, capCpu);
            double mem = load(usedMem + demandMem, capMem);
            List<Demand> homeless = new ArrayList<>();
            for (Demand d : demands) {
                if (d.oneHost() && !fitsOnActive(d)) {
                    homeless.add(d);
                }
            }
            if (activeCount < policy.minPoweredOn()
                    || cpu > policy.high()
                    || mem > policy.high()
                    || !homeless.isEmpty()) {
                return powerOn(cpu, mem, homeless);
            }
            if (demands.isEmpty() && cpu < policy.low() && mem < policy.low()) {
                return consolidate(cpu, mem);
            }
            return new PowerPlan(
                    model.clusterId,
                    PowerPlan.Action.NONE,
                    cpu,
                    mem,
                    cpu,
                    mem,
                    powerOn,
                    powerOff,
                    skipped,
                    unmet,
                    String.format(
                            Locale.ROOT,
                            "utilization CPU %.0f%%, memory %.0f%% of %d powered-on host(s)%s: %s",
                            100 * cpu,
                            100 * mem,
                            activeCount,
                            demands.isEmpty() ? "" : " with " + demands.size() + " demand(s)",
                            demands.isEmpty()
                                    ? String.format(
                                            Locale.ROOT,
                                            "within the band %.0f%% .. %.0f%%, nothing to do",
                                            100 * policy.low(),
                                            100 * policy.high())
                                    : "every demand fits, nothing to power on (no consolidation while a demand is"
                                            + " pending)"));
        }

        private boolean fitsOnActive(Demand d) {
            double top = policy.high();
            for (int i = 0; i < activeCount; i++) {
                int h = active[i];
                HostSnapshot host = model.hosts[h];
                if (model.cpuUsed[h] + d.cpu() <= top * host.cpuCapacity()
                        && model.memUsed[h] + d.memoryMib() <= top * host.memoryMib()) {
                    return true;
                }
            }
            return false;
        }

        // ---- powering on

        private PowerPlan powerOn(double cpu, double mem, List<Demand> homeless) {
            List<Integer> candidates = new ArrayList<>();
            for (int h = 0; h < model.hostCount(); h++) {
                HostSnapshot host = model.hosts[h];
                if (!host.poweredOn() && host.canPowerOn()) {
                    candidates.add(h);
                }
            }
            boolean[] chosen = new boolean[model.hostCount()];
            double addCpu = 0;
            double addMem = 0;
            double top = policy.high();
            for (Demand d : homeless) {
                int best = -1;
                for (int h : candidates) {
                    HostSnapshot host = model.hosts[h];
                    if (chosen[h] || d.cpu() > top * host.cpuCapacity() || d.memoryMib() > top * host.memoryMib()) {
                        continue;
                    }
                    if (best < 0 || smaller(host, model.hosts[best])) {
                        best = h;
                    }
                }
                String need = String.format(
                        Locale.ROOT,
                        "%s needs %.2f CPUs and %d MiB on one host and no powered-on host has them under %.0f%%",
                        d.what(),
                        d.cpu(),
                        d.memoryMib(),
                        100 * top);
                if (best < 0) {
                    unmet.add(need + "; no host that is off can hold it either");
                    // it cannot start whatever is powered on: no host is powered on for its sake
                    demandCpu -= d.cpu();
                    demandMem -= d.memoryMib();
                    continue;
                }
                chosen[best] = true;
                HostSnapshot host = model.hosts[best];
                addCpu += host.cpuCapacity();
                addMem += host.memoryMib();
                powerOn.add(new PowerOn(
                        host.id(),
                        host.cpuCapacity(),
                        host.memoryMib(),
                        need
                                + String.format(
                                        Locale.ROOT,
                                        "; %s (%.0f CPUs, %d MiB) is the smallest that can",
                                        host.id(),
                                        host.cpuCapacity(),
                                        host.memoryMib())));
            }
            double aim = policy.aim();
            double wantCpu = (usedCpu + demandCpu) / aim;
            double wantMem = (usedMem + demandMem) / aim;
            while (true) {
                double missCpu = wantCpu - (capCpu + addCpu);
                double missMem = wantMem - (capMem + addMem);
                // a thousandth of a CPU or a MiB is rounding, not a shortfall
                if (missCpu <= 1e-3 && missMem <= 1e-3) {
                    break;
                }
                int best = -1;
                double bestScore = -1;
                for (int h : candidates) {
                    if (chosen[h]) {
                        continue;
                    }
                    HostSnapshot host = model.hosts[h];
                    double score = cover(host.cpuCapacity(), missCpu) + cover(host.memoryMib(), missMem);
                    int c = Double.compare(score, bestScore);
                    if (best < 0 || c > 0 || (c == 0 && smaller(host, model.hosts[best]))) {
                        best = h;
                        bestScore = score;
                    }
                }
                if (best < 0) {
                    unmet.add(String.format(
                            Locale.ROOT,
                            "still short of %.1f CPUs and %.0f MiB to bring utilization to %.0f%%: no host left to"
                                    + " power on",
                            Math.max(0, missCpu),
                            Math.max(0, missMem),
                            100 * aim));
                    break;
                }
                chosen[best] = true;
                HostSnapshot host = model.hosts[best];
                addCpu += host.cpuCapacity();
                addMem += host.memoryMib();
                powerOn.add(new PowerOn(
                        host.id(),
                        host.cpuCapacity(),
                        host.memoryMib(),
                        String.format(
                                Locale.ROOT,
                                "utilization CPU %.0f%%, memory %.0f%% (with %d demand(s)) needs %.1f more CPUs and"
                                        + " %.0f more MiB to come down to %.0f%%; %s covers the most of it (%.0f CPUs,"
                                        + " %d MiB)",
                                100 * cpu,
                                100 * mem,
                                demands.size(),
                                Math.max(0, missCpu),
                                Math.max(0, missMem),
                                100 * aim,
                                host.id(),
                                host.cpuCapacity(),
                                host.memoryMib())));
            }
            while (activeCount + powerOn.size() < policy.minPoweredOn()) {
                int best = -1;
                for (int h : candidates) {
                    if (!chosen[h] && (best < 0 || smaller(model.hosts[best], model.hosts[h]))) {
                        best = h;
                    }
                }
                if (best < 0) {
                    unmet.add("the minimum of " + policy.minPoweredOn() + " powered-on hosts: "
                            + (activeCount + powerOn.size()) + " can be, no host left to power on");
                    break;
                }
                chosen[best] = true;
                HostSnapshot host = model.hosts[best];
                addCpu += host.cpuCapacity();
                addMem += host.memoryMib();
                powerOn.add(new PowerOn(
                        host.id(),
                        host.cpuCapacity(),
                        host.memoryMib(),
                        "fewer hosts are on than the minimum of " + policy.minPoweredOn() + "; " + host.id()
                                + " is the largest that is off"));
            }
            double cpuAfter = load(usedCpu + demandCpu, capCpu + addCpu);
            double memAfter = load(usedMem + demandMem, capMem + addMem);
            return new PowerPlan(
                    model.clusterId,
                    PowerPlan.Action.POWER_ON,
                    cpu,
                    mem,
                    cpuAfter,
                    memAfter,
                    powerOn,
                    powerOff,
                    skipped,
                    unmet,
                    String.format(
                            Locale.ROOT,
                            "utilization CPU %.0f%%, memory %.0f%% of %d powered-on host(s)%s: power on %d host(s),"
                                    + " bringing it to %.0f%%, %.0f%%%s",
                            100 * cpu,
                            100 * mem,
                            activeCount,
                            demands.isEmpty() ? "" : " with " + demands.size() + " demand(s)",
                            powerOn.size(),
                            100 * cpuAfter,
                            100 * memAfter,
                            unmet.isEmpty() ? "" : "; " + unmet.size() + " need(s) unmet"));
        }

        /** The share of what is missing that a capacity covers, 0 when nothing is missing. */
        private static double cover(double capacity, double missing) {
            return missing <= 1e-3 ? 0 : Math.min(capacity, missing) / missing;
        }

        /** Whether {@code a} is smaller than {@code b}: fewer CPUs, then less memory, then the smaller id. */
        private static boolean smaller(HostSnapshot a, HostSnapshot b) {
            int c = Double.compare(a.cpuCapacity(), b.cpuCapacity());
            if (c == 0) {
                c = Long.compare(a.memoryMib(), b.memoryMib());
            }
            if (c == 0) {
                c = a.id().compareTo(b.id());
            }
            return c < 0;
        }

        // ---- consolidating

        private PowerPlan consolidate(double cpu, double mem) {
            double aim = policy.aim();
            HostOrder byLoad = new HostOrder(active, activeCount, activeCount, model::peakLoad);
            boolean[] chosen = new boolean[model.hostCount()];
            // the hosts later rounds would empty, were it not for the cap per round: VMs go elsewhere if they can,
            // so that no VM is moved twice in consecutive rounds
            boolean[] later = new boolean[model.hostCount()];
            int[] order = new int[Math.min(activeCount, policy.maxHostsPerRound())];
            int chosenCount = 0;
            int plannedCount = 0;
            double removedCpu = 0;
            double removedMem = 0;
            double allRemovedCpu = 0;
            double allRemovedMem = 0;
            String limit = "";
            for (int i = 0; i < byLoad.size(); i++) {
                if (activeCount - plannedCount <= policy.minPoweredOn()) {
                    if (limit.isEmpty()) {
                        limit = "the minimum of " + policy.minPoweredOn() + " powered-on hosts";
                    }
                    break;
                }
                int h = byLoad.get(i);
                HostSnapshot host = model.hosts[h];
                boolean thisRound = chosenCount < policy.maxHostsPerRound();
                double leftCpu = capCpu - allRemovedCpu - host.cpuCapacity();
                double leftMem = capMem - allRemovedMem - host.memoryMib();
                if (load(usedCpu, leftCpu) > aim || load(usedMem, leftMem) > aim) {
                    if (limit.isEmpty()) {
                        limit = String.format(
                                Locale.ROOT,
                                "powering %s off too would put the others over %.0f%%",
                                host.id(),
                                100 * aim);
                    }
                    continue;
                }
                if (keepOn.containsKey(host.id())) {
                    if (thisRound) {
                        skipped.add(new HostSkip(host.id(), keepOn.get(host.id())));
                    }
                    continue;
                }
                if (model.pinnedCount[h] > 0) {
                    if (thisRound) {
                        skipped.add(new HostSkip(host.id(), "it runs a VM that cannot move: " + firstPinned(h)));
                    }
                    continue;
                }
                if (thisRound) {
                    chosen[h] = true;
                    order[chosenCount++] = h;
                    removedCpu += host.cpuCapacity();
                    removedMem += host.memoryMib();
                } else {
                    later[h] = true;
                    if (limit.isEmpty()) {
                        limit = "the cap of " + policy.maxHostsPerRound() + " hosts per round";
                    }
                }
                plannedCount++;
                allRemovedCpu += host.cpuCapacity();
                allRemovedMem += host.memoryMib();
            }
            int[] stay = new int[activeCount];
            int stayCount = 0;
            int[] next = new int[activeCount];
            int nextCount = 0;
            for (int i = 0; i < activeCount; i++) {
                int h = active[i];
                if (later[h]) {
                    next[nextCount++] = h;
                } else if (!chosen[h]) {
                    stay[stayCount++] = h;
                }
            }
            HostOrder targets = new HostOrder(stay, stayCount, activeCount, model::peakLoad);
            HostOrder fallback = new HostOrder(next, nextCount, nextCount, model::peakLoad);
            for (int i = 0; i < chosenCount; i++) {
                int h = order[i];
                HostSnapshot host = model.hosts[h];
                List<Move> moves = new ArrayList<>();
                String failure = empty(h, targets, fallback, later, moves);
                if (failure != null) {
                    removedCpu -= host.cpuCapacity();
                    removedMem -= host.memoryMib();
                    skipped.add(new HostSkip(host.id(), failure));
                    // it stays on with its VMs: the hosts emptied after it may use it
                    targets.add(h);
                    continue;
                }
                powerOff.add(new PowerOff(
                        host.id(),
                        moves,
                        String.format(
                                Locale.ROOT,
                                "utilization CPU %.0f%%, memory %.0f%% is under %.0f%%; %s is among the least loaded"
                                        + " (CPU %.0f%%, memory %.0f%%)%s",
                                100 * cpu,
                                100 * mem,
                                100 * policy.low(),
                                host.id(),
                                100 * host.cpuLoad(),
                                100 * host.memoryLoad(),
                                moves.isEmpty() ? " and runs no VM" : "; " + moves.size() + " VM(s) move off")));
            }
            double cpuAfter = load(usedCpu, capCpu - removedCpu);
            double memAfter = load(usedMem, capMem - removedMem);
            return new PowerPlan(
                    model.clusterId,
                    PowerPlan.Action.CONSOLIDATE,
                    cpu,
                    mem,
                    cpuAfter,
                    memAfter,
                    powerOn,
                    powerOff,
                    skipped,
                    unmet,
                    String.format(
                            Locale.ROOT,
                            "utilization CPU %.0f%%, memory %.0f%% of %d powered-on host(s) is under %.0f%%: empty"
                                    + " and power off %d host(s) (%d migrations), bringing it to %.0f%%, %.0f%%%s%s",
                            100 * cpu,
                            100 * mem,
                            activeCount,
                            100 * policy.low(),
                            powerOff.size(),
                            powerOff.stream().mapToInt(p -> p.moves().size()).sum(),
                            100 * cpuAfter,
                            100 * memAfter,
                            limit.isEmpty() ? "" : "; limited by " + limit,
                            skipped.isEmpty() ? "" : "; " + skipped.size() + " host(s) stay on"));
        }

        /** The pinned VM of host {@code h} with the smallest id, and how many more there are. */
        private String firstPinned(int h) {
            VmSnapshot first = null;
            for (int k = model.hostStart[h]; k < model.hostStart[h + 1]; k++) {
                VmSnapshot vm = model.vms.get(model.vmsByHost[k]);
                if (!vm.canMove() && (first == null || vm.id().compareTo(first.id()) < 0)) {
                    first = vm;
                }
            }
            if (first == null) {
                throw new IllegalStateException("host " + model.hosts[h].id() + " counts a pinned VM it does not have");
            }
            int more = model.pinnedCount[h] - 1;
            return first.id() + " (" + first.pin().orElseThrow().describe() + ")"
                    + (more > 0 ? " and " + more + " more" : "");
        }

        /**
         * Plans the moves that empty host {@code h} onto {@code targets}, or undoes the ones it made and says why
         * not.
         */
        private String empty(int h, HostOrder targets, HostOrder fallback, boolean[] later, List<Move> moves) {
            HostSnapshot host = model.hosts[h];
            int from = model.hostStart[h];
            int count = model.hostStart[h + 1] - from;
            int[] vms = new int[count];
            double[] size = new double[count];
            for (int k = 0; k < count; k++) {
                int v = model.vmsByHost[from + k];
                VmSnapshot vm = model.vms.get(v);
                vms[k] = v;
                size[k] = vm.cpuUsed() / host.cpuCapacity() + (double) vm.memoryUsedMib() / host.memoryMib();
            }
            sortLargestFirst(vms, size);
            int[] to = new int[count];
            double[] fromCpu = new double[count];
            double[] fromMem = new double[count];
            double top = policy.high();
            for (int k = 0; k < count; k++) {
                int v = vms[k];
                VmSnapshot vm = model.vms.get(v);
                refusedHere = 0;
                int target = find(v, targets);
                if (target < 0) {
                    target = find(v, fallback);
                }
                if (target < 0) {
                    for (int j = k - 1; j >= 0; j--) {
                        HostOrder o = later[to[j]] ? fallback : targets;
                        o.remove(to[j]);
                        model.undo(vms[j], h, fromCpu[j], fromMem[j]);
                        o.add(to[j]);
                    }
                    moves.clear();
                    return String.format(
                            Locale.ROOT,
                            "%s (%.2f CPUs, %d MiB) fits on no host that stays on under %.0f%%%s",
                            vm.id(),
                            vm.cpuUsed(),
                            vm.memoryUsedMib(),
                            100 * top,
                            refusedHere > 0 ? " that the move check allows" : "");
                }
                HostSnapshot dst = model.hosts[target];
                double cBefore = model.cpuLoad(target);
                double mBefore = model.memLoad(target);
                to[k] = target;
                fromCpu[k] = model.cpuUsed[h];
                fromMem[k] = model.memUsed[h];
                HostOrder o = later[target] ? fallback : targets;
                o.remove(target);
                model.move(v, target);
                o.add(target);
                moves.add(new Move(
                        vm.id(),
                        host.id(),
                        dst.id(),
                        String.format(
                                Locale.ROOT,
                                "empties %s for power-off; %s goes from CPU %.0f%%, memory %.0f%% to %.0f%%, %.0f%%",
                                host.id(),
                                dst.id(),
                                100 * cBefore,
                                100 * mBefore,
                                100 * model.cpuLoad(target),
                                100 * model.memLoad(target))));
            }
            return null;
        }

        private int refusedHere;

        /**
         * The least loaded host in {@code order} that keeps VM {@code v} under the band's top and that the move check
         * allows, or -1; counts the check's refusals in {@link #refusedHere}, at most {@value #REFUSALS_PER_VM} per VM.
         */
        private int find(int v, HostOrder order) {
            VmSnapshot vm = model.vms.get(v);
            double top = policy.high();
            for (int i = 0; i < order.size() && refusedHere < REFUSALS_PER_VM; i++) {
                int t = order.get(i);
                HostSnapshot dst = model.hosts[t];
                if (model.cpuUsed[t] + vm.cpuUsed() > top * dst.cpuCapacity()
                        || model.memUsed[t] + vm.memoryUsedMib() > top * dst.memoryMib()) {
                    continue;
                }
                if (model.allows(check, v, t)) {
                    return t;
                }
                refusedHere++;
            }
            return -1;
        }

        /** Largest first; ties by VM id, so the order does not depend on the snapshot's. */
        private void sortLargestFirst(int[] vms, double[] size) {
            // a host runs a few dozen VMs: insertion sort
            for (int i = 1; i < vms.length; i++) {
                int v = vms[i];
                double s = size[i];
                int j = i - 1;
                while (j >= 0 && before(s, v, size[j], vms[j])) {
                    vms[j + 1] = vms[j];
                    size[j + 1] = size[j];
                    j--;
                }
                vms[j + 1] = v;
                size[j + 1] = s;
            }
        }

        private boolean before(double sa, int a, double sb, int b) {
            int c = Double.compare(sa, sb);
            if (c != 0) {
                return c > 0;
            }
            return model.vms.get(a).id().compareTo(model.vms.get(b).id()) < 0;
        }
    }
}
