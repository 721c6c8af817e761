package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A VM's HA settings; priority a HaPriority name (HIGH, MEDIUM, LOW). */
@XmlType(name = "VmHa")
public class VmHaDto {
    public String vmId;
    public boolean enabled;
    public String priority;

    /** VMs (ids) that must run again before this one is restarted. */
    @XmlElement(name = "after")
    public List<String> after = new ArrayList<>();

    public VmHaDto() {}
}
