package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A console: type vnc, spice or serial; address host:port or a pty path, absent while off. */
@XmlType(name = "Console")
public class ConsoleDto {
    public String type;
    public String address;

    public ConsoleDto() {}
}
