package org.strata.patching;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.ComplianceStatus;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.TargetKind;
import org.strata.api.vm.VirtualMachine;
import org.strata.engine.TaskContext;
import org.strata.patching.window.Batches;
import org.strata.patching.window.WindowClock;

/**
 * A patch window's run (docs/os-patching.md, "Patch windows"): its targets planned host by host, each batch
 * remediated while the window is open; a failed batch stops the run, so that what failed on one host does not reach
 * the next; VMs of hosts in maintenance mode wait for a later window.
 */
final class WindowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WindowRunner.class);

    private final Platform platform;
    private final PatchWork work;
    private final Clock clock;

    WindowRunner(Platform platform, PatchWork work, Clock clock) {
        this.platform = platform;
        this.work = work;
        this.clock = clock;
    }

    String run(
            TaskContext context,
            PatchWindow window,
            WindowClock.Opening opening,
            List<Compliance> lastScan,
            Predicate<String> hostInMaintenance,
            String principal)
            throws InterruptedException {
        List<Target> targets = targets(window, lastScan);
        Batches.Plan<Target> plan = Batches.plan(targets, this::hostOf, window.batchSize(), hostInMaintenance);
        int done = 0;
        for (int i = 0; i < plan.batches().size(); i++) {
            context.checkCancelled();
            if (!opening.open(clock.instant())) {
                return "the window closed: " + done + " patched, "
                        + (targets.size() - done - plan.waiting().size()) + " wait for its next opening"
                        + waiting(plan);
            }
            List<Target> batch = plan.batches().get(i);
            context.progress(
                    100 * i / plan.batches().size(),
                    "batch " + (i + 1) + " of " + plan.batches().size());
            try {
                work.remediate(context, window.baselineId(), batch, principal);
            } catch (StrataException e) {
                throw new StrataException(
                        e.code(),
                        "batch " + (i + 1) + " of " + plan.batches().size()
                                + " failed, the window's run stopped there (" + done + " patched before it): "
                                + e.getMessage());
            }
            done += batch.size();
        }
        return done + " patched" + waiting(plan);
    }

    private static String waiting(Batches.Plan<Target> plan) {
        return plan.waiting().isEmpty() ? "" : "; " + plan.waiting().size() + " on hosts in maintenance wait";
    }

    /** The window's targets, or those its baseline's last scan found non-compliant. */
    private List<Target> targets(PatchWindow window, List<Compliance> lastScan) {
        PatchTargets asked = window.targets();
        if (asked != null && !asked.isEmpty()) {
            List<Target> list = new ArrayList<>();
            asked.vmIds().forEach(id -> list.add(new Target(TargetKind.VM, id)));
            asked.templateIds().forEach(id -> list.add(new Target(TargetKind.TEMPLATE, id)));
            asked.imageIds().forEach(id -> list.add(new Target(TargetKind.IMAGE, id)));
            return list;
        }
        return lastScan.stream()
                .filter(c -> c.status() == ComplianceStatus.NON_COMPLIANT)
                .map(c -> new Target(c.targetKind(), c.targetId()))
                .toList();
    }

    private String hostOf(Target target) {
        if (target.kind() == TargetKind.IMAGE) {
            return null;
        }
        try {
            VirtualMachine vm = platform.vms().vm(target.id());
            return vm.hostId();
        } catch (StrataException e) {
            LOG.debug("No host for {}: {}", target, e.getMessage());
            return null;
        }
    }

    static Optional<WindowClock.Opening> opening(PatchWindow window, Instant at) {
        return WindowClock.of(window.start(), window.end(), window.zone()).openingAt(at);
    }
}
