package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** Events after an id, oldest first. */
@XmlType(name = "EventBatch")
public class EventBatchDto {
    @XmlElement(name = "event")
    public List<EventDto> events = new ArrayList<>();
    /** The id to ask after next time: the last event's, or the id asked after when there was none. */
    public long lastId;
    /** Whether the limit cut the answer short: more events wait after {@code lastId}. */
    public boolean more;

    public EventBatchDto() {}
}
