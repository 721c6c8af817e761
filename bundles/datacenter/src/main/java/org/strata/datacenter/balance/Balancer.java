package org.strata.datacenter.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plans one balancing round of a cluster (DRS-like) from <em>measured</em> load.
 *
 * <h2>The metric</h2>
 *
 * For every host that is powered on and accepts VMs, its CPU load {@code c = cpuUsed / cpuCapacity} and its memory
 * load {@code m = memoryUsed / memory}, both measured (a host full of idle VMs with large allocations is not busy; a
 * host whose few VMs spin is). The imbalance is
 *
 * <pre>σ = sqrt((var(c) + var(m)) / 2)</pre>
 *
 * the root mean square of the population standard deviations of the CPU and the memory loads. Why this one:
 *
 * <ul>
 *   <li>loads are fractions, so hosts of different sizes compare fairly, and {@code σ} reads as "hosts lie about
 *       ±σ from the mean" (σ = 0.12: about twelve points);
 *   <li>both resources count, and neither hides the other (the larger of the two per host would let memory
 *       imbalance hide behind CPU load); a VM that is heavy in one and light in the other is judged on both;
 *   <li>squared deviations weigh the hottest hosts most, which is where contention hurts; and a move changes only two
 *       hosts, so its effect on {@code n·σ²} (the sum of squared deviations, kept as running sums) costs O(1) to
 *       evaluate, whatever the size of the cluster.
 * </ul>
 *
 * A move's <em>gain</em> is how much it lowers {@code n·σ²}, not {@code σ}: {@code σ} shrinks with the number of hosts,
 * so a least improvement in {@code σ} would forbid every move in a large cluster; the gain of a move is the same in a
 * cluster of ten hosts or ten thousand. {@link BalancingPolicy} gives the thresholds per level.
 *
 * <h2>The round</h2>
 *
 * It acts when {@code σ} is above the policy's threshold or a host is over the high-water mark. It then takes moves
 * greedily, one at a time, each planned on the cluster as the earlier ones leave it, until {@code σ} is down to half
 * the threshold with no host over the mark, the cap on migrations is reached, or no move brings the least gain. Each
 * step looks at the movable VMs of the four hosts highest in CPU load and the four highest in memory load (above the
 * mean, with a VM left to move) and at the coolest hosts by CPU, by memory and by both (8 of each, 64 when none of
 * those will do); among these pairs it takes the move of highest gain that keeps the target under the high-water mark
 * in both resources and that the caller's {@link MoveCheck} allows (asked best first; a refusal holds for the rest
 * of the round). Hosts none of whose VMs can go anywhere are set aside for the round and the next hottest are tried.
 * A VM moves at most once per round.
 *
 * <p>VMs that cannot move ({@link VmSnapshot#pin()}) are never candidates: they stay, are named in the plan with
 * their reason when they are on a host the round tried to relieve, and the rest of the cluster is balanced around
 * them. The VMs of hosts that are off, in maintenance or unreachable are left alone, and those hosts are not in the
 * metric.
 *
 * <p>The same snapshot (in any order) and policy give the same plan: sums run in host id order and every tie goes
 * to the smaller VM id, then the smaller host id. A round reads the snapshot's VMs once and then works on a few hosts
 * per move: cost grows with the cluster's size only in that one pass and a sort of its hosts.
 *
 * <p>Measured use is what moves with a VM. On a saturated host a VM's measured CPU is what it got, not what it
 * wanted: a caller that knows more (CPU ready time, a demand estimate) should give that as the VM's and the host's use.
 *
 * <p>Stateless and thread-safe: each call plans on its own working copy of the snapshot.
 *
 * <p>The move check is given at most {@value #REFUSAL_BUDGET} refusals per round: a check that refuses nearly
 * everything would otherwise have the round ask it about every pair of hosts.
 */
public final class Balancer {

    /** The hottest hosts per resource whose VMs each step considers. */
    static final int SOURCES_PER_RESOURCE = 4;
    /** The coolest hosts per ordering each step considers as targets: a few, then more when those will not do. */
    private static final int[] TARGET_WINDOWS = {8, 64};
    /** Candidate moves kept, best first, per look. */
    private static final int CANDIDATES = 16;

    static final int REFUSAL_BUDGET = 20_000;

    /** Plans one round; never changes the snapshot, never calls anything but {@code check}. */
    public BalancingPlan plan(ClusterSnapshot snapshot, BalancingPolicy policy, MoveCheck check) {
        return new Round(new ClusterModel(snapshot), policy, check).run();
    }

    /** The metric {@code σ} of a snapshot, without planning. */
    public double imbalance(ClusterSnapshot snapshot) {
        return new Round(new ClusterModel(snapshot), BalancingPolicy.forLevel(3, 0), MoveCheck.any()).sigma();
    }

    /** One planning call's state. */
    private static final class Round {
        private final ClusterModel model;
        private final BalancingPolicy policy;
        private final MoveCheck check;
        private final int n;
        private final int[] movable;
        private final boolean[] moved;
        private final boolean[] exhausted;
        private final boolean[] considered;
        /** Per host: the step that made it a source, the look that made it a target (no clearing between). */
        private final int[] sourceMark;

        private final int[] targetMark;
        private int steps;
        private int looks;
        private final HostOrder[] orders;
        private final double meanCpuBefore;
        private final double meanMemBefore;
        private final PairSet refused = new PairSet();
        private int refusals;
        private double s1c;
        private double s2c;
        private double s1m;
        private double s2m;
        private int overloaded;
        private final HostOrder byCpu;
        private final HostOrder byMem;
        private final HostOrder bySum;
        private final List<Migration> migrations = new ArrayList<>();
        // candidate buffer, best first
        private final int[] candVm = new int[CANDIDATES];
        private final int[] candHost = new int[CANDIDATES];
        private final double[] candGain = new double[CANDIDATES];
        private int candCount;
        private final int[] sources = new int[2 * SOURCES_PER_RESOURCE];
        private int sourceCount;
        private final int[] targets = new int[3 * TARGET_WINDOWS[TARGET_WINDOWS.length - 1]];
        private int targetCount;
        // the targets' figures side by side, read for every candidate VM
        private final double[] tCpuUsed = new double[targets.length];
        private final double[] tMemUsed = new double[targets.length];
        private final double[] tCpuCap = new double[targets.length];
        private final double[] tMemCap = new double[targets.length];
        private final double[] tCpuLoad = new double[targets.length];
        private final double[] tMemLoad = new double[targets.length];

        Round(ClusterModel model, BalancingPolicy policy, MoveCheck check) {
            this.model = model;
            this.policy = policy;
            this.check = check;
            int h = model.hostCount();
            movable = new int[h];
            exhausted = new boolean[h];
            considered = new boolean[h];
            sourceMark = new int[h];
            targetMark = new int[h];
            moved = new boolean[model.vms.size()];
            int[] members = new int[h];
            int count = 0;
            for (int i = 0; i < h; i++) {
                if (model.hosts[i].active()) {
                    members[count++] = i;
                    movable[i] = model.hostStart[i + 1] - model.hostStart[i] - model.pinnedCount[i];
                    double c = model.cpuLoad(i);
                    double m = model.memLoad(i);
                    s1c += c;
                    s2c += c * c;
                    s1m += m;
                    s2m += m * m;
                    if (over(i)) {
                        overloaded++;
                    }
                }
            }
            n = count;
            byCpu = new HostOrder(members, count, count, model::cpuLoad);
            byMem = new HostOrder(members, count, count, model::memLoad);
            bySum = new HostOrder(members, count, count, i -> model.cpuLoad(i) + model.memLoad(i));
            orders = new HostOrder[] {byCpu, byMem, bySum};
            meanCpuBefore = count == 0 ? 0 : s1c / count;
            meanMemBefore = count == 0 ? 0 : s1m / count;
        }

        private boolean over(int h) {
            return model.cpuLoad(h) > policy.highWater() || model.memLoad(h) > policy.highWater();
        }

        double sigma() {
            if (n == 0) {
                return 0;
            }
            double ss = ((s2c - s1c * s1c / n) + (s2m - s1m * s1m / n)) / 2;
            return Math.sqrt(Math.max(0, ss) / n);
        }

        BalancingPlan run() {
            double before = sigma();
            if (n < 2) {
                return plan(
                        BalancingPlan.Outcome.TOO_FEW_HOSTS,
                        before,
                        String.format(Locale.ROOT, "%d host(s) accept VMs: nothing to balance between", n));
            }
            if (before <= policy.actAbove() && overloaded == 0) {
                return plan(
                        BalancingPlan.Outcome.BALANCED,
                        before,
                        String.format(
                                Locale.ROOT,
                                "imbalance %.3f is within the threshold %.3f and no host is over %.0f%%: no moves",
                                before,
                                policy.actAbove(),
                                100 * policy.highWater()));
            }
            BalancingPlan.Outcome outcome;
            while (true) {
                if (sigma() <= policy.stopAt() && overloaded == 0) {
                    outcome = BalancingPlan.Outcome.TARGET_REACHED;
                    break;
                }
                if (migrations.size() >= policy.maxMigrations()) {
                    outcome = BalancingPlan.Outcome.CAP_REACHED;
                    break;
                }
                Step step = step();
                if (step == Step.NOTHING_LEFT) {
                    outcome = BalancingPlan.Outcome.NO_GAINFUL_MOVE;
                    break;
                }
                if (step == Step.BUDGET_SPENT) {
                    outcome = BalancingPlan.Outcome.REFUSAL_BUDGET_SPENT;
                    break;
                }
            }
            String why;
            switch (outcome) {
                case TARGET_REACHED:
                    why = String.format(Locale.ROOT, "down to half the threshold (%.3f)", policy.stopAt());
                    break;
                case CAP_REACHED:
                    why = "the cap of " + policy.maxMigrations() + " migrations per round is reached";
                    break;
                case REFUSAL_BUDGET_SPENT:
                    why = "the move check refused " + refusals + " moves; the round stopped looking";
                    break;
                default:
                    why = String.format(
                            Locale.ROOT,
                            "no further move gains %s within the high-water mark %.0f%% and the move check",
                            policy.minGain(),
                            100 * policy.highWater());
            }
            return plan(
                    outcome,
                    before,
                    String.format(
                            Locale.ROOT,
                            "imbalance %.3f (threshold %.3f): %d migration(s) bring it to %.3f; stopped: %s%s",
                            before,
                            policy.actAbove(),
                            migrations.size(),
                            sigma(),
                            why,
                            overloaded > 0 ? "; " + overloaded + " host(s) stay over the high-water mark" : ""));
        }

        private enum Step {
            PROGRESS,
            NOTHING_LEFT,
            BUDGET_SPENT
        }

        private Step step() {
            selectSources();
            if (sourceCount == 0) {
                return Step.NOTHING_LEFT;
            }
            for (int window : TARGET_WINDOWS) {
                selectTargets(window);
                while (true) {
                    collectCandidates();
                    if (candCount == 0) {
                        break;
                    }
                    for (int i = 0; i < candCount; i++) {
                        int v = candVm[i];
                        int t = candHost[i];
                        if (model.allows(check, v, t)) {
                            apply(v, t, candGain[i]);
                            return Step.PROGRESS;
                        }
                        refused.add(pair(v, t));
                        if (++refusals >= REFUSAL_BUDGET) {
                            return Step.BUDGET_SPENT;
                        }
                    }
                }
            }
            // none of these hosts' VMs can go anywhere worth it: let the next hottest have their turn
            for (int i = 0; i < sourceCount; i++) {
                exhausted[sources[i]] = true;
            }
            return Step.PROGRESS;
        }

        private long pair(int v, int t) {
            return ((long) v << 32) | t;
        }

        private void selectSources() {
            sourceCount = 0;
            steps++;
            pickSources(byCpu, s1c / n, true);
            pickSources(byMem, s1m / n, false);
        }

        private void pickSources(HostOrder order, double mean, boolean cpu) {
            int taken = 0;
            for (int i = 0; i < order.size() && taken < SOURCES_PER_RESOURCE; i++) {
                int h = order.getDescending(i);
                double load = cpu ? model.cpuLoad(h) : model.memLoad(h);
                if (load <= mean) {
                    return;
                }
                if (model.pinnedCount[h] > 0) {
                    considered[h] = true;
                }
                if (movable[h] == 0 || exhausted[h] || sourceMark[h] == steps) {
                    continue;
                }
                sourceMark[h] = steps;
                sources[sourceCount++] = h;
                considered[h] = true;
                taken++;
            }
        }

        private void selectTargets(int window) {
            targetCount = 0;
            looks++;
            for (HostOrder order : orders) {
                int taken = 0;
                for (int i = 0; i < order.size() && taken < window; i++) {
                    int h = order.get(i);
                    if (sourceMark[h] == steps || targetMark[h] == looks) {
                        continue;
                    }
                    targetMark[h] = looks;
                    HostSnapshot host = model.hosts[h];
                    tCpuUsed[targetCount] = model.cpuUsed[h];
                    tMemUsed[targetCount] = model.memUsed[h];
                    tCpuCap[targetCount] = host.cpuCapacity();
                    tMemCap[targetCount] = host.memoryMib();
                    tCpuLoad[targetCount] = model.cpuUsed[h] / host.cpuCapacity();
                    tMemLoad[targetCount] = model.memUsed[h] / host.memoryMib();
                    targets[targetCount++] = h;
                    taken++;
                }
            }
        }

        private void collectCandidates() {
            candCount = 0;
            double hw = policy.highWater();
            for (int si = 0; si < sourceCount; si++) {
                int s = sources[si];
                HostSnapshot src = model.hosts[s];
                double xsc = model.cpuUsed[s] / src.cpuCapacity();
                double xsm = model.memUsed[s] / src.memoryMib();
                for (int k = model.hostStart[s]; k < model.hostStart[s + 1]; k++) {
                    int v = model.vmsByHost[k];
                    if (moved[v]) {
                        continue;
                    }
                    VmSnapshot vm = model.vms.get(v);
                    if (!vm.canMove()) {
                        continue;
                    }
                    double uc = vm.cpuUsed();
                    double um = vm.memoryUsedMib();
                    double xsc2 = Math.max(0, model.cpuUsed[s] - uc) / src.cpuCapacity();
                    double xsm2 = Math.max(0, model.memUsed[s] - um) / src.memoryMib();
                    for (int ti = 0; ti < targetCount; ti++) {
                        double xtc2 = (tCpuUsed[ti] + uc) / tCpuCap[ti];
                        if (xtc2 > hw) {
                            continue;
                        }
                        double xtm2 = (tMemUsed[ti] + um) / tMemCap[ti];
                        if (xtm2 > hw) {
                            continue;
                        }
                        int t = targets[ti];
                        double gain =
                                (gain(s1c, xsc, xsc2, tCpuLoad[ti], xtc2) + gain(s1m, xsm, xsm2, tMemLoad[ti], xtm2))
                                        / 2;
                        if (gain < policy.minGain()) {
                            continue;
                        }
                        if (!refused.isEmpty() && refused.contains(pair(v, t))) {
                            continue;
                        }
                        offer(v, t, gain);
                    }
                }
            }
        }

        /**
         * How much moving load changes one resource's sum of squared deviations, {@code S2 − S1²/n}, when the source
         * goes from {@code xs} to {@code xs2} and the target from {@code xt} to {@code xt2} (positive: it drops). The
         * difference is formed from the two hosts' terms, not from the totals, so it keeps its precision in large
         * clusters.
         */
        private double gain(double s1, double xs, double xs2, double xt, double xt2) {
            double d1 = (xs2 - xs) + (xt2 - xt);
            double d2 = (xs2 - xs) * (xs2 + xs) + (xt2 - xt) * (xt2 + xt);
            return -(d2 - d1 * (2 * s1 + d1) / n);
        }

        private void offer(int v, int t, double gain) {
            if (candCount == CANDIDATES && !better(gain, v, t, CANDIDATES - 1)) {
                return;
            }
            int at = candCount == CANDIDATES ? CANDIDATES - 1 : candCount++;
            while (at > 0 && better(gain, v, t, at - 1)) {
                candVm[at] = candVm[at - 1];
                candHost[at] = candHost[at - 1];
                candGain[at] = candGain[at - 1];
                at--;
            }
            candVm[at] = v;
            candHost[at] = t;
            candGain[at] = gain;
        }

        /** Whether (gain, v, t) goes before candidate {@code i}: higher gain, then smaller VM id, then host id. */
        private boolean better(double gain, int v, int t, int i) {
            int c = Double.compare(gain, candGain[i]);
            if (c != 0) {
                return c > 0;
            }
            if (v != candVm[i]) {
                return model.vms.get(v).id().compareTo(model.vms.get(candVm[i]).id()) < 0;
            }
            return t < candHost[i];
        }

        private void apply(int v, int t, double gain) {
            int s = model.vmHost[v];
            VmSnapshot vm = model.vms.get(v);
            double sc = model.cpuLoad(s);
            double sm = model.memLoad(s);
            double tc = model.cpuLoad(t);
            double tm = model.memLoad(t);
            double meanC = s1c / n;
            double meanM = s1m / n;
            double before = sigma();
            for (HostOrder order : orders) {
                order.remove(s);
                order.remove(t);
            }
            overloaded -= (over(s) ? 1 : 0) + (over(t) ? 1 : 0);
            model.move(v, t);
            double sc2 = model.cpuLoad(s);
            double sm2 = model.memLoad(s);
            double tc2 = model.cpuLoad(t);
            double tm2 = model.memLoad(t);
            s1c += (sc2 - sc) + (tc2 - tc);
            s2c += (sc2 * sc2 - sc * sc) + (tc2 * tc2 - tc * tc);
            s1m += (sm2 - sm) + (tm2 - tm);
            s2m += (sm2 * sm2 - sm * sm) + (tm2 * tm2 - tm * tm);
            overloaded += (over(s) ? 1 : 0) + (over(t) ? 1 : 0);
            for (HostOrder order : orders) {
                order.add(s);
                order.add(t);
            }
            moved[v] = true;
            movable[s]--;
            String from = model.hosts[s].id();
            String to = model.hosts[t].id();
            double after = sigma();
            migrations.add(new Migration(
                    vm.id(),
                    from,
                    to,
                    gain,
                    after,
                    String.format(
                            Locale.ROOT,
                            "%s is at CPU %.0f%%, memory %.0f%% (cluster mean %.0f%%, %.0f%%); %s uses %.2f CPUs and"
                                    + " %d MiB; %s goes from CPU %.0f%%, memory %.0f%% to %.0f%%, %.0f%% (high-water"
                                    + " %.0f%%) and %s to %.0f%%, %.0f%%; imbalance %.4f -> %.4f",
                            from,
                            100 * sc,
                            100 * sm,
                            100 * meanC,
                            100 * meanM,
                            vm.id(),
                            vm.cpuUsed(),
                            vm.memoryUsedMib(),
                            to,
                            100 * tc,
                            100 * tm,
                            100 * tc2,
                            100 * tm2,
                            100 * policy.highWater(),
                            from,
                            100 * sc2,
                            100 * sm2,
                            before,
                            after)));
        }

        private BalancingPlan plan(BalancingPlan.Outcome outcome, double before, String summary) {
            List<Exclusion> excluded = new ArrayList<>();
            for (int h = 0; h < model.hostCount(); h++) {
                if (!considered[h] || model.pinnedCount[h] == 0) {
                    continue;
                }
                HostSnapshot host = model.hosts[h];
                for (int k = model.hostStart[h]; k < model.hostStart[h + 1]; k++) {
                    VmSnapshot vm = model.vms.get(model.vmsByHost[k]);
                    vm.pin()
                            .ifPresent(pin -> excluded.add(new Exclusion(
                                    vm.id(),
                                    host.id(),
                                    pin,
                                    String.format(
                                            Locale.ROOT,
                                            "%s is at CPU %.0f%%, memory %.0f%% (cluster mean %.0f%%, %.0f%%); %s (%.2f CPUs,"
                                                    + " %d MiB) stays: %s",
                                            host.id(),
                                            100 * host.cpuLoad(),
                                            100 * host.memoryLoad(),
                                            100 * meanCpuBefore,
                                            100 * meanMemBefore,
                                            vm.id(),
                                            vm.cpuUsed(),
                                            vm.memoryUsedMib(),
                                            pin.describe()))));
                }
            }
            excluded.sort(Comparator.comparing(Exclusion::vmId));
            return new BalancingPlan(
                    model.clusterId,
                    outcome,
                    before,
                    sigma(),
                    policy.actAbove(),
                    migrations,
                    excluded,
                    refusals,
                    summary);
        }
    }
}
