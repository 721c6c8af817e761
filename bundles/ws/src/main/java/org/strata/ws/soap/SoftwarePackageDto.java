package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One installed package. */
@XmlType(name = "SoftwarePackage")
public class SoftwarePackageDto {
    public String name;

    public String version;

    public String architecture;

    public SoftwarePackageDto() {}
}
