package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A graphical console: type vnc or spice; port 0 for one chosen at start. */
@XmlType(name = "VmGraphics")
public class VmGraphicsDto {
    public String type;
    public String listen;
    public int port;

    public VmGraphicsDto() {}
}
