package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A patch baseline: what the guests of one OS profile must have installed, and the repository that has it. */
@XmlType(name = "Baseline")
public class BaselineDto {
    public String id;

    public String name;

    public String profileId;

    public String repositoryId;

    public boolean everythingInRepository;

    @XmlElement(name = "package")
    public List<BaselinePackageDto> packages = new ArrayList<>();

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant updated;

    public BaselineDto() {}
}
