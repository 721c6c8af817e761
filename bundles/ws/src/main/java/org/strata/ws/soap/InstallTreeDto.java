package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A registered install tree; files: how many files it held when read. */
@XmlType(name = "InstallTree")
public class InstallTreeDto {
    public String id;
    public String name;
    public String profileId;
    public String path;
    public int files;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public InstallTreeDto() {}
}
