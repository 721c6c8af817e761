package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** One network interface of a guest, with its IP addresses (IPv4 and IPv6) and their prefix lengths. */
@XmlType(name = "GuestInterface")
public class GuestInterfaceDto {
    public String name;
    public String mac;

    @XmlElement(name = "address")
    public List<GuestAddressDto> addresses = new ArrayList<>();

    public GuestInterfaceDto() {}
}
