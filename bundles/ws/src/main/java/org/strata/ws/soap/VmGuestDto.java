package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/**
 * What a running VM's guest agent reports (see the API's VmGuest): agentRunning false with the reason when no agent
 * answers; os absent when the agent reports none; since 2.5 also the time zone, logged-in users and file systems.
 */
@XmlType(name = "VmGuest")
public class VmGuestDto {
    public boolean agentRunning;
    public String reason;
    public GuestOsDto os;
    public String hostname;

    @XmlElement(name = "interface")
    public List<GuestInterfaceDto> interfaces = new ArrayList<>();

    /** Since 2.5: absent when the agent reports none. */
    public GuestTimezoneDto timezone;

    /** Since 2.5: the users logged in now. */
    @XmlElement(name = "user")
    public List<GuestUserDto> users = new ArrayList<>();

    /** Since 2.5: the mounted file systems with size and use. */
    @XmlElement(name = "fileSystem")
    public List<GuestFileSystemDto> fileSystems = new ArrayList<>();

    public VmGuestDto() {}
}
