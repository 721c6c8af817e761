package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

@XmlType(name = "Event")
public class EventDto {
    /** The repository id: increases in the order events were recorded. */
    public long id;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant time;
    /** INFO, WARNING or ERROR. */
    public String severity;

    public String type;
    public String subjectType;
    public String subjectId;
    public String message;

    public EventDto() {}
}
