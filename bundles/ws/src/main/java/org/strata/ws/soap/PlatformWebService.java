package org.strata.ws.soap;

import javax.jws.WebMethod;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.health.HealthService;

/** The platform itself over SOAP: its health (as REST's /health, with every check). */
@WebService(
        name = "Platform",
        serviceName = "PlatformWebService",
        portName = "PlatformPort",
        targetNamespace = Soap.NAMESPACE)
public class PlatformWebService {
    private final HealthService health;

    public PlatformWebService(HealthService health) {
        this.health = health;
    }

    @WebMethod
    @WebResult(name = "health")
    public HealthDto getHealth() throws StrataFault {
        return Faults.call(() -> SoapMapping.health(health.health()));
    }
}
