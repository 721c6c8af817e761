package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/**
 * What to provision where, as REST's POST /provisionings takes it: targetType vm or machine; method a
 * ProvisioningMethod name (NETWORK_INSTALL, IMAGE_DEPLOY, SAN_BOOT, NAS_BOOT); imageId for the three image methods,
 * installTreeId for a network install; the first account is the OS's administrator.
 */
@XmlType(name = "ProvisionRequest")
public class ProvisionRequestDto {
    public String targetType;
    public String targetId;
    public String profileId;
    public String method;
    public String imageId;
    public String installTreeId;
    public String hostname;
    public String domain;

    @XmlElement(name = "account")
    public List<OsAccountDto> accounts = new ArrayList<>();

    @XmlElement(name = "package")
    public List<String> packages = new ArrayList<>();

    public String mirror;
    /** The MAC address a machine boots from (a VM: its first NIC's when absent). */
    public String bootMac;

    @XmlElement(name = "extra")
    public List<SettingDto> extra = new ArrayList<>();

    public ProvisionRequestDto() {}
}
