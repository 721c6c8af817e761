package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(name = "Driver")
public class DriverDto {
    public String id;
    public String kind;
    public String vendor;
    public String version;
    public String description;

    @XmlElement(name = "capability")
    public List<String> capabilities = new ArrayList<>();

    public String bundle;

    public DriverDto() {}
}
