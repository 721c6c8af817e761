package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One resource of a pool (vCPUs, or MiB of memory): reserved, used, available, and the limit if any. */
@XmlType(
        name = "Allocation",
        propOrder = {"reserved", "used", "available", "limit"})
public class AllocationDto {
    public long reserved;
    public long used;
    public long available;
    /** Absent means unlimited. */
    public Long limit;

    public AllocationDto() {}
}
