package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** An install tree to serve: a folder on the Strata node (path, absolute) with a profile's network-boot files. */
@XmlType(name = "InstallTreeSpec")
public class InstallTreeSpecDto {
    public String name;
    public String profileId;
    public String path;

    public InstallTreeSpecDto() {}
}
