package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/**
 * A host's HA state: state a HostHaState name (UP, SUSPECT, ISOLATED, FAILED, FENCING, FENCED); leases held, free or
 * none; power on, off, unanswered, none or unread.
 */
@XmlType(name = "HostHa")
public class HostHaDto {
    public String hostId;
    public String name;
    public String clusterId;
    public String state;
    public String reason;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant since;

    public boolean session;
    public String leases;
    public String power;

    public HostHaDto() {}
}
