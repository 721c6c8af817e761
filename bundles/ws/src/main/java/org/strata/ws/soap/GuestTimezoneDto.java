package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A guest's time zone: its name as the guest gives it (absent when it gives none) and its offset from UTC now. */
@XmlType(name = "GuestTimezone")
public class GuestTimezoneDto {
    public String name;
    public int offsetSeconds;

    public GuestTimezoneDto() {}
}
