package org.strata.ws.soap;

import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/**
 * A change to a VM's HA settings: an absent element keeps the VM's value. JAXB cannot tell an absent list from an empty
 * one, so {@code clearAfter} empties the order and {@code after} elements replace it.
 */
@XmlType(name = "VmHaSpec")
public class VmHaSpecDto {
    public Boolean enabled;
    /** A HaPriority name: HIGH, MEDIUM or LOW. */
    public String priority;

    @XmlElement(name = "after")
    public List<String> after;

    public Boolean clearAfter;

    public VmHaSpecDto() {}
}
