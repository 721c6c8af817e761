package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A user logged in to a guest: name, domain (Windows; absent otherwise) and login time (absent when unknown). */
@XmlType(name = "GuestUser")
public class GuestUserDto {
    public String name;
    public String domain;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    public Instant loginTime;

    public GuestUserDto() {}
}
