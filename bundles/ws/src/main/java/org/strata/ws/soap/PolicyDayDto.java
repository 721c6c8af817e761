package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A date (2026-05-01, or --05-01 every year) that follows one policy all day. */
@XmlType(name = "PolicyDay")
public class PolicyDayDto {
    public String date;
    public String policy;

    public PolicyDayDto() {}
}
