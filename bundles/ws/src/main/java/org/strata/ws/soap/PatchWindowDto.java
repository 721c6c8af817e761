package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/**
 * A patch window: from each firing of start to the next firing of end (Quartz cron expressions in zone), Strata
 * remediates against the baseline by itself, one host's VMs at a time, batchSize at once.
 */
@XmlType(name = "PatchWindow")
public class PatchWindowDto {
    public String id;

    public String name;

    public String baselineId;

    /** All empty: every target whose last scan against the baseline was NON_COMPLIANT. */
    public PatchTargetsDto targets;

    public String start;

    public String end;

    public String zone;

    public int batchSize;

    /** Absent when it never opens again. */
    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant nextOpening;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant lastOpened;

    public String lastTaskId;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public PatchWindowDto() {}
}
