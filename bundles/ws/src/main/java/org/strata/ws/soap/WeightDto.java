package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One weigher's figure for a host (JAXB has no maps). */
@XmlType(
        name = "Weight",
        propOrder = {"name", "value"})
public class WeightDto {
    public String name;
    public double value;

    public WeightDto() {}
}
