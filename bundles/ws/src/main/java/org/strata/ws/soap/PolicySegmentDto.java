package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A stretch of time during which a cluster follows one policy. */
@XmlType(name = "PolicySegment")
public class PolicySegmentDto {
    public String policy;
    /** The window that gives it, or absent. */
    public String window;
    /** The policy day that gives it, or absent (neither: the cluster's own policy). */
    public String day;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant start;

    /** Absent when nothing changes within a year. */
    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant end;

    public PolicySegmentDto() {}
}
