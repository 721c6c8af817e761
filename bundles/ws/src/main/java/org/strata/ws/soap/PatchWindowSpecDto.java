package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A patch window to make; zone absent: UTC; batchSize absent: 1; no targets: whatever its last scan found. */
@XmlType(name = "PatchWindowSpec")
public class PatchWindowSpecDto {
    public String name;

    public String baselineId;

    public PatchTargetsDto targets;

    /** A Quartz cron expression: 0 0 22 ? * SAT. */
    public String start;

    public String end;

    public String zone;

    public Integer batchSize;

    public PatchWindowSpecDto() {}
}
