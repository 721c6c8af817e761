package org.strata.engine;

import java.util.List;
import java.util.Objects;

/**
 * A task to run.
 *
 * @param operation  what it does, dotted lower case ({@code vm.start}, {@code pool.rebalance}); shown to users
 * @param target     what it works on, shown with the task; tasks on the same target run one after another
 * @param lane       which workers run it
 * @param principal  who asked for it (a user name, or the name of the platform part that did)
 * @param alsoHolds  further targets the task must have to itself while it runs (a migration's destination host,
 *                   say); empty for most
 */
public record TaskRequest(
        String operation, TaskTarget target, Lane lane, String principal, List<TaskTarget> alsoHolds) {

    public TaskRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(principal, "principal");
        alsoHolds = List.copyOf(alsoHolds);
    }

    /** A request on the {@link Lane#NORMAL normal} lane holding only its target. */
    public static TaskRequest of(String operation, TaskTarget target, String principal) {
        return new TaskRequest(operation, target, Lane.NORMAL, principal, List.of());
    }

    public TaskRequest on(Lane other) {
        return new TaskRequest(operation, target, other, principal, alsoHolds);
    }

    public TaskRequest holding(TaskTarget... more) {
        var all = new java.util.ArrayList<>(alsoHolds);
        all.addAll(List.of(more));
        return new TaskRequest(operation, target, lane, principal, all);
    }
}
