package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One placement label of a host, key=value (JAXB has no maps). */
@XmlType(
        name = "Label",
        propOrder = {"key", "value"})
public class LabelDto {
    public String key;
    public String value;

    public LabelDto() {}

    LabelDto(String key, String value) {
        this.key = key;
        this.value = value;
    }
}
