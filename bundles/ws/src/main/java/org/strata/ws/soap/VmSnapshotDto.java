package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A VM snapshot: its place in the tree (parent, current) and what a revert to it does (withMemory). */
@XmlType(name = "VmSnapshot")
public class VmSnapshotDto {
    public String name;
    /** The snapshot it was taken on top of; absent for a root. */
    public String parent;

    public String description;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    /** The VM's state when it was taken, a VmState name. */
    public String state;
    /** Whether a revert resumes the VM as it ran (false: the VM is left stopped). */
    public boolean withMemory;

    public boolean quiesced;
    /** Whether the VM runs on top of it now. */
    public boolean current;

    public VmSnapshotDto() {}
}
