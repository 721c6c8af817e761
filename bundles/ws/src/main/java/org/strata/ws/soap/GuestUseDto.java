package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** One round's use of a guest file system, in percent. */
@XmlType(name = "GuestUse")
public class GuestUseDto {
    @XmlJavaTypeAdapter(InstantAdapter.class)
    public Instant at;

    public double usedPercent;

    public GuestUseDto() {}
}
