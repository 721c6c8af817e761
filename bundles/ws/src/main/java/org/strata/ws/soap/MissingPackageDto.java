package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A required package a target lacks: installed absent when it is not installed, required absent for any. */
@XmlType(name = "MissingPackage")
public class MissingPackageDto {
    public String name;

    public String required;

    public String installed;

    public MissingPackageDto() {}
}
