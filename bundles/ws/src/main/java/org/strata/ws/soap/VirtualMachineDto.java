package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

@XmlType(name = "VirtualMachine")
public class VirtualMachineDto {
    public String id;
    public String hostId;
    public String name;
    /** A VmState name: RUNNING, STOPPED, PAUSED, SUSPENDED, CRASHED, UNKNOWN. */
    public String state;

    public int cpus;
    public long memoryMb;
    /** The hypervisor's own id of the VM. */
    public String hypervisorId;
    /** True when Strata defined the VM; false when it was found on the host. */
    public boolean managed;
    /** The VM's definition; absent for a VM a driver reported live, outside the inventory. */
    public VmSpecDto spec;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant stateChanged;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    /** The resource pool the VM belongs to; absent for a VM in no pool. */
    public String poolId;

    /** Whether it is a template: cloned, never started. */
    public boolean template;
    /** The VM or template Strata cloned it from; absent otherwise. */
    public String originId;
    /** Whether its disks read from its origin's (a linked clone). */
    public boolean originLinked;

    public VirtualMachineDto() {}
}
