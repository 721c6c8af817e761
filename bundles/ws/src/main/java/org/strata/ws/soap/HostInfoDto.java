package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** What a hypervisor host reported about itself at its last contact. */
@XmlType(name = "HostInfo")
public class HostInfoDto {
    public String hostname;
    public String hypervisor;
    public String hypervisorVersion;
    public String cpuModel;
    public int cpus;
    public long memoryMb;

    @XmlElement(name = "numaNode")
    public List<NumaNodeDto> numaNodes = new ArrayList<>();

    @XmlElement(name = "guestType")
    public List<String> guestTypes = new ArrayList<>();

    @XmlElement(name = "capability")
    public List<String> capabilities = new ArrayList<>();

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant refreshed;

    public HostInfoDto() {}
}
