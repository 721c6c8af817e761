package org.strata.datacenter.cluster;

import java.util.ArrayList;
import java.util.List;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.inventory.Host;
import org.strata.api.task.TaskService;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Pages;
import org.strata.datacenter.balance.LiveMigrations;
import org.strata.datacenter.placement.PlacementEngine;
import org.strata.engine.EventFeed;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskWork;
import org.strata.repository.ClusterStore;

/**
 * The work of entering maintenance: each powered-on VM of the host moves live, one after another, to the host
 * placement chooses among the others of its cluster (the host itself is already out of placement's reach). When all
 * have moved the host is {@code in} maintenance; otherwise the task fails naming the VMs that did not move and why, and
 * the host stays {@code entering} until an admin moves or stops them and asks again, or takes it out of maintenance, as
 * vCenter's "enter maintenance mode" waits. VMs that are not powered on stay defined on the host.
 */
final class Evacuation implements TaskWork {

    private final Host host;
    private final VmService vms;
    private final LiveMigrations migrations;
    private final PlacementEngine placement;
    private final EventFeed events;
    private final ClusterStore store;
    private final String principal;

    Evacuation(
            Host host,
            VmService vms,
            TaskService tasks,
            PlacementEngine placement,
            EventFeed events,
            ClusterStore store,
            String principal) {
        this.host = host;
        this.vms = vms;
        this.migrations = new LiveMigrations(vms, tasks);
        this.placement = placement;
        this.events = events;
        this.store = store;
        this.principal = principal;
    }

    @Override
    public String run(TaskContext context) {
        List<VirtualMachine> running = new ArrayList<>();
        // Every page: a host with more VMs than one page holds must not be declared empty with some still on it.
        for (VirtualMachine vm : Pages.all(page -> vms.vms(host.id(), page))) {
            if (DatacenterView.allocated(vm)) {
                running.add(vm);
            }
        }
        List<String> stuck = new ArrayList<>();
        int moved = 0;
        for (int i = 0; i < running.size(); i++) {
            context.checkCancelled();
            VirtualMachine vm = running.get(i);
            context.progress(
                    5 + 90 * i / running.size(),
                    "moving " + vm.name() + " (" + (i + 1) + " of " + running.size() + ") off " + host.name());
            List<String> why = new ArrayList<>();
            String destination = placement.destination(vm, host, why);
            if (destination == null) {
                stuck.add(vm.name() + " (" + String.join("; ", why) + ")");
                continue;
            }
            String failure = migrations.move(vm.id(), destination, principal);
            if (failure == null) {
                moved++;
            } else {
                stuck.add(vm.name() + " (" + failure + ")");
            }
        }
        if (!stuck.isEmpty()) {
            String message = "host " + host.name() + " stays entering maintenance: " + moved + " of " + running.size()
                    + " VMs moved; could not move " + String.join(", ", stuck);
            events.record(Event.Severity.WARNING, "HOST_MAINTENANCE_INCOMPLETE", "host", host.id(), message);
            throw StrataException.conflict(message);
        }
        store.updateMember(host.id(), "IN", null, principal);
        String message = "host " + host.name() + " is in maintenance: " + moved + " VMs moved off it";
        events.record(Event.Severity.INFO, "HOST_MAINTENANCE_ENTERED", "host", host.id(), message);
        return message;
    }
}
