package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** One HA VM of a failover: state PENDING, RESTARTING, RUNNING, UNPLACED, FAILED or SKIPPED. */
@XmlType(name = "FailoverVm")
public class FailoverVmDto {
    public String vmId;
    public String name;
    public String priority;
    public String state;
    public String hostId;
    public String message;
    public String taskId;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant running;

    public FailoverVmDto() {}
}
