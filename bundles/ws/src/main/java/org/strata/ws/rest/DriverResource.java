package org.strata.ws.rest;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.strata.api.driver.DriverInfo;
import org.strata.api.driver.DriverService;

/** The drivers running now. */
@Path("/drivers")
@Produces(MediaType.APPLICATION_JSON)
public class DriverResource {
    private final DriverService drivers;

    public DriverResource(DriverService drivers) {
        this.drivers = drivers;
    }

    @GET
    public List<DriverInfo> list() {
        return drivers.drivers();
    }

    @GET
    @Path("/{id}")
    public DriverInfo get(@PathParam("id") String id) {
        return drivers.driver(id);
    }
}
