package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** One record of a machine's system event log; 'at' is absent when the BMC's clock was not set. */
@XmlType(name = "SelRecord")
public class SelRecordDto {
    public int recordId;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant at;

    public String sensorType;
    public String sensor;
    public String description;
    public boolean asserted;

    public SelRecordDto() {}
}
