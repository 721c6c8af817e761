package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A hypervisor-neutral VM definition (see the API's VmSpec); lists may be empty, graphics and resources absent. */
@XmlType(name = "VmSpec")
public class VmSpecDto {
    public String name;
    public int cpus;
    public long memoryMb;
    public String guestMode;

    @XmlElement(name = "disk")
    public List<VmDiskDto> disks = new ArrayList<>();

    @XmlElement(name = "nic")
    public List<VmNicDto> nics = new ArrayList<>();

    @XmlElement(name = "pciDevice")
    public List<String> pciDevices = new ArrayList<>();

    @XmlElement(name = "boot")
    public List<String> bootOrder = new ArrayList<>();

    public VmGraphicsDto graphics;
    public boolean serialConsole;
    public VmResourcesDto resources;
    /** The serial number the firmware reports (SMBIOS), or absent (since API 2.4). */
    public String serialNumber;

    public VmSpecDto() {}
}
