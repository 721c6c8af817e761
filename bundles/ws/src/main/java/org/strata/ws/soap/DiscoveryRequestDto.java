package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/**
 * Where to look for BMCs and how to log in to them: addresses as one IPv4 address, a range
 * "10.0.0.1-10.0.0.40" or a CIDR block; ports as "623" or "9001-9050"; credentials tried in order.
 */
@XmlType(
        name = "DiscoveryRequest",
        propOrder = {"datacenterId", "poolId", "driverId", "addresses", "ports", "credentials"})
public class DiscoveryRequestDto {
    public String datacenterId;
    public String poolId;
    public String driverId;
    public String addresses;
    public String ports;

    @XmlElement(name = "credential")
    public List<BmcCredentialsDto> credentials = new ArrayList<>();

    public DiscoveryRequestDto() {}

    @Override
    public String toString() {
        return "DiscoveryRequestDto[datacenterId=" + datacenterId + ", driverId=" + driverId + ", addresses="
                + addresses + ", ports=" + ports + ", credentials=" + credentials + "]";
    }
}
