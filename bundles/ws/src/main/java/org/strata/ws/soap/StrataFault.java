package org.strata.ws.soap;

import javax.xml.ws.WebFault;

/** The one fault every operation declares; its info says which ErrorCode and why. */
@WebFault(name = "StrataFault", targetNamespace = Soap.NAMESPACE)
public class StrataFault extends Exception {
    private static final long serialVersionUID = 1L;

    private final StrataFaultInfo faultInfo;

    public StrataFault(String message, StrataFaultInfo faultInfo) {
        super(message);
        this.faultInfo = faultInfo;
    }

    public StrataFault(String message, StrataFaultInfo faultInfo, Throwable cause) {
        super(message, cause);
        this.faultInfo = faultInfo;
    }

    public StrataFault(String code, String message) {
        this(message, new StrataFaultInfo(code, message));
    }

    public StrataFaultInfo getFaultInfo() {
        return faultInfo;
    }
}
