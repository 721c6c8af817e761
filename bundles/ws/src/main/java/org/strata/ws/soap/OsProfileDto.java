package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** An installable OS profile; method: the ProvisioningMethod names it supports, in their declared order. */
@XmlType(name = "OsProfile")
public class OsProfileDto {
    public String id;
    public String driverId;
    public String name;
    public String release;
    public String edition;
    public String role;
    public String architecture;

    @XmlElement(name = "method")
    public List<String> methods = new ArrayList<>();

    public OsProfileDto() {}
}
