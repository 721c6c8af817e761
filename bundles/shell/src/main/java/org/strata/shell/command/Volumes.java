package org.strata.shell.command;

import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.storage.Volume;
import org.strata.shell.Output;

/** How the volume commands show a volume. */
final class Volumes {

    private Volumes() {}

    /** Bytes as whole MiB, rounded up so that a small volume does not show as 0. */
    static long mb(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    static ShellTable details(Volume v) {
        ShellTable table = Output.details();
        Output.detail(table, "ID", v.id());
        Output.detail(table, "Host", v.hostId());
        Output.detail(table, "Pool", v.pool());
        Output.detail(table, "Name", v.name());
        Output.detail(table, "Format", v.format());
        Output.detail(table, "Capacity (MB)", mb(v.capacityBytes()));
        Output.detail(table, "Allocated (MB)", mb(v.allocationBytes()));
        Output.detail(table, "Path", v.path());
        return table;
    }
}
