package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/**
 * One machine's answer in a power-state sweep: its state (ON, OFF, UNKNOWN), or, when its BMC could not tell, an
 * error code (UNREACHABLE, AUTHENTICATION_FAILED, ...) and a message; exactly one of state and error is present.
 */
@XmlType(name = "MachinePower")
public class MachinePowerDto {
    public String hostId;
    public String name;
    public String state;
    public String error;
    public String message;

    public MachinePowerDto() {}
}
