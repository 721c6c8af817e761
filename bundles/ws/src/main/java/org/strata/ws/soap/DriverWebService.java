package org.strata.ws.soap;

import java.util.List;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.driver.DriverService;

/** The drivers running now, over SOAP. */
@WebService(
        name = "Drivers",
        serviceName = "DriverWebService",
        portName = "DriverPort",
        targetNamespace = Soap.NAMESPACE)
public class DriverWebService {
    private final DriverService drivers;

    public DriverWebService(DriverService drivers) {
        this.drivers = drivers;
    }

    @WebMethod
    @WebResult(name = "driver")
    public List<DriverDto> listDrivers() throws StrataFault {
        return Faults.call(
                () -> drivers.drivers().stream().map(SoapMapping::driver).toList());
    }

    @WebMethod
    @WebResult(name = "driver")
    public DriverDto getDriver(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.driver(drivers.driver(id)));
    }
}
