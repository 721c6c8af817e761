package org.strata.shell;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;

/** Formatting shared by the commands. Pure functions, no service calls. */
public final class Output {

    private Output() {}

    /** {@code Showing 1-50 of 120}; {@code Showing 0 of 0} for an empty page. */
    public static String footer(Page<?> page) {
        int count = page.items().size();
        if (count == 0) {
            return "Showing 0 of " + page.total();
        }
        long first = (long) page.offset() + 1;
        long last = (long) page.offset() + count;
        return "Showing " + first + "-" + last + " of " + page.total();
    }

    /** One page of a list the API returns whole (drivers, virtual machines). */
    public static <T> Page<T> slice(List<T> all, PageRequest request) {
        int from = Math.min(request.offset(), all.size());
        int to = (int) Math.min((long) from + request.limit(), all.size());
        return new Page<>(all.subList(from, to), request.offset(), request.limit(), all.size());
    }

    /** A table cell: empty for null. */
    public static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** A time in UTC to the second, e.g. {@code 2025-11-25T17:08:00Z}; empty for null. */
    public static String time(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A resource limit: {@code unlimited} for null. */
    public static String limit(Number value) {
        return value == null ? "unlimited" : value.toString();
    }

    /** Sorted, comma-separated. */
    public static String joined(Collection<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", "));
    }

    /** A two-column table without headers for the properties of one object. */
    public static ShellTable details() {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Property");
        table.column("Value");
        return table;
    }

    /** Adds a {@code name | value} line to a table made by {@link #details()}. */
    public static void detail(ShellTable table, String name, Object value) {
        table.addRow().addContent(name, text(value));
    }

    /** The properties of a task, as {@code task-info} and the commands that start tasks show them. */
    public static ShellTable taskDetails(Task task) {
        ShellTable table = details();
        detail(table, "ID", task.id());
        detail(table, "Operation", task.operation());
        detail(table, "Target", target(task.targetType(), task.targetId()));
        detail(table, "State", task.state());
        detail(table, "Progress", task.progress() + "%");
        detail(table, "Message", task.message());
        detail(table, "Result", task.result());
        if (task.errorCode() != null || task.errorMessage() != null) {
            detail(table, "Error", "(" + text(task.errorCode()) + ") " + text(task.errorMessage()));
        }
        detail(table, "Principal", task.principal());
        detail(table, "Created", time(task.created()));
        detail(table, "Started", time(task.started()));
        detail(table, "Finished", time(task.finished()));
        return table;
    }

    /** {@code type:id}, or whichever part is known. */
    public static String target(String type, String id) {
        if (type == null) {
            return text(id);
        }
        return id == null ? type : type + ":" + id;
    }
}
