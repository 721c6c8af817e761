package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

@XmlType(name = "VirtualMachine")
public class VirtualMachineDto {
    public String id;
    public String hostId;
    public String name;
    /** A VmState name: RUNNING, STOPPED, PAUSED, SUSPENDED, CRASHED, UNKNOWN. */
    public String state;
    public int cpus;
    public long memoryMb;

    public VirtualMachineDto() {
    }
}
