package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** One polled reading of a sensor. */
@XmlType(name = "SensorSample")
public class SensorSampleDto {
    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant at;

    public Double value;
    public String status;

    public SensorSampleDto() {}
}
