package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One family-specific setting of a provisioning request, key=value (JAXB has no maps). */
@XmlType(
        name = "Setting",
        propOrder = {"key", "value"})
public class SettingDto {
    public String key;
    public String value;

    public SettingDto() {}
}
