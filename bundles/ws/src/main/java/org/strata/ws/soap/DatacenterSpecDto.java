package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

@XmlType(name = "DatacenterSpec")
public class DatacenterSpecDto {
    public String name;
    public String description;

    public DatacenterSpecDto() {}
}
