package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** What a scan or a remediation covers; nothing named (a scan only): everything of the baseline's profile. */
@XmlType(name = "PatchTargets")
public class PatchTargetsDto {
    @XmlElement(name = "vmId")
    public List<String> vmIds = new ArrayList<>();

    @XmlElement(name = "templateId")
    public List<String> templateIds = new ArrayList<>();

    @XmlElement(name = "imageId")
    public List<String> imageIds = new ArrayList<>();

    public PatchTargetsDto() {}
}
