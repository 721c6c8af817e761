package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A package file of a local repository, as its control data names it. */
@XmlType(name = "RepositoryPackage")
public class RepositoryPackageDto {
    public String name;

    public String version;

    public String architecture;

    public String fileName;

    public long size;

    public String sha256;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant uploaded;

    public RepositoryPackageDto() {}
}
