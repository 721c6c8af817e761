package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A baseline to create or to replace: packages with minimum versions, everything in the repository, or both. */
@XmlType(name = "BaselineSpec")
public class BaselineSpecDto {
    public String name;

    public String profileId;

    public String repositoryId;

    public boolean everythingInRepository;

    @XmlElement(name = "package")
    public List<BaselinePackageDto> packages = new ArrayList<>();

    public BaselineSpecDto() {}
}
