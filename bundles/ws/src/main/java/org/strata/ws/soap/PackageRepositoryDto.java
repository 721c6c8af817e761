package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A package repository guests install from: Strata's own (local, of uploaded packages) or one it points at. */
@XmlType(name = "PackageRepository")
public class PackageRepositoryDto {
    public String id;

    public String name;

    public String family;

    public boolean local;

    public String url;

    public String suite;

    @XmlElement(name = "component")
    public List<String> components = new ArrayList<>();

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public PackageRepositoryDto() {}
}
