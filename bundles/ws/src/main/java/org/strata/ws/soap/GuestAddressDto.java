package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One IP address of a guest's interface and its prefix length. */
@XmlType(name = "GuestAddress")
public class GuestAddressDto {
    public String address;
    public int prefix;

    public GuestAddressDto() {}
}
