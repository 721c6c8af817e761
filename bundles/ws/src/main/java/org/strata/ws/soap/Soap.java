package org.strata.ws.soap;

/** Constants shared by the SOAP services. */
public final class Soap {
    /** Target namespace of every service, operation and type; a breaking change gets a new one. */
    public static final String NAMESPACE = "urn:strata:ws:v1";

    private Soap() {}
}
