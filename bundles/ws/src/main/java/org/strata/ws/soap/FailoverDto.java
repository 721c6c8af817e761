package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/**
 * The recovery of one failed host: state a FailoverState name (FENCING, RESTARTING, DONE, INCOMPLETE, UNSAFE,
 * CANCELLED); fence bmc, lease, or absent yet.
 */
@XmlType(name = "Failover")
public class FailoverDto {
    public String id;
    public String hostId;
    public String clusterId;
    public String state;
    public String fence;
    public String reason;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant detected;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant started;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant ended;

    @XmlElement(name = "vm")
    public List<FailoverVmDto> vms = new ArrayList<>();

    public FailoverDto() {}
}
