package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(name = "Health")
public class HealthDto {
    /** UP when ready, DOWN otherwise. */
    public String status;

    public boolean live;
    public boolean ready;

    @XmlElement(name = "check")
    public List<HealthCheckDto> checks = new ArrayList<>();

    public HealthDto() {}
}
