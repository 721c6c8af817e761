package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** The detail of a {@link StrataFault}: an ErrorCode name and a message for a person. */
@XmlType(
        name = "StrataFaultInfo",
        propOrder = {"code", "message"})
public class StrataFaultInfo {
    public String code;
    public String message;

    public StrataFaultInfo() {}

    public StrataFaultInfo(String code, String message) {
        this.code = code;
        this.message = message;
    }
}
