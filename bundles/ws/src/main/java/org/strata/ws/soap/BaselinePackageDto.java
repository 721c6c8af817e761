package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A package a baseline requires; minimumVersion absent: any version. */
@XmlType(name = "BaselinePackage")
public class BaselinePackageDto {
    public String name;

    public String minimumVersion;

    public BaselinePackageDto() {}
}
