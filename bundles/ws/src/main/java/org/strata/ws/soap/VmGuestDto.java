package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/**
 * What a running VM's guest agent reports (see the API's VmGuest): agentRunning false with the reason when no agent
 * answers; os absent when the agent reports none.
 */
@XmlType(name = "VmGuest")
public class VmGuestDto {
    public boolean agentRunning;
    public String reason;
    public GuestOsDto os;
    public String hostname;

    @XmlElement(name = "interface")
    public List<GuestInterfaceDto> interfaces = new ArrayList<>();

    public VmGuestDto() {}
}
