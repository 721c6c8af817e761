package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/**
 * What the guest sampler last learned of a VM's guest (see the API's GuestSample): at absent when the VM was not
 * sampled, with the reason.
 */
@XmlType(name = "GuestSample")
public class GuestSampleDto {
    public String vmId;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    public Instant at;

    public boolean agentRunning;
    public String reason;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    public Instant answeredAt;

    public int silentRounds;
    public String os;
    public String kernel;
    public String hostname;

    @XmlElement(name = "address")
    public List<String> addresses = new ArrayList<>();

    @XmlElement(name = "fileSystem")
    public List<GuestSampleFileSystemDto> fileSystems = new ArrayList<>();

    public GuestSampleDto() {}
}
