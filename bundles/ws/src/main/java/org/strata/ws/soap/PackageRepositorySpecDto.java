package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A repository to add: a local one when url is absent, an external one otherwise. */
@XmlType(name = "PackageRepositorySpec")
public class PackageRepositorySpecDto {
    public String name;

    public String family;

    public String url;

    public String suite;

    @XmlElement(name = "component")
    public List<String> components = new ArrayList<>();

    public PackageRepositorySpecDto() {}
}
