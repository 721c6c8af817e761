package org.strata.ws.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.strata.api.StrataException;
import org.strata.api.datacenter.PlacementExplanation;
import org.strata.api.datacenter.PlacementQuery;
import org.strata.api.datacenter.PlacementService;

/** Why placement would put a VM where it would (the datacenter layer; 503 while it is not running). */
@Path("/placement")
@Produces(MediaType.APPLICATION_JSON)
public class PlacementResource {
    private final PlacementService placement;

    public PlacementResource(PlacementService placement) {
        this.placement = placement;
    }

    /** {@code ?pool=ID} (or {@code ?cluster=ID}), {@code &cpus=2&memoryMb=2048}, {@code &label=rack=r1} repeated. */
    @GET
    @Path("/explain")
    public PlacementExplanation explain(
            @QueryParam("pool") String pool,
            @QueryParam("cluster") String cluster,
            @QueryParam("cpus") String cpus,
            @QueryParam("memoryMb") String memoryMb,
            @QueryParam("label") List<String> labels,
            @QueryParam("vm") String vm) {
        Map<String, String> wanted = new HashMap<>();
        for (String label : labels) {
            // As every listed parameter: an empty or blank value (?label=) counts as absent.
            if (label.isBlank()) {
                continue;
            }
            int eq = label.indexOf('=');
            if (eq < 1) {
                throw StrataException.invalid("label must be key=value, was '" + label + "'");
            }
            wanted.put(label.substring(0, eq), label.substring(eq + 1));
        }
        Integer memory = QueryParams.bounded("memoryMb", memoryMb, 1, Integer.MAX_VALUE);
        return placement.explain(new PlacementQuery(
                QueryParams.text(pool),
                QueryParams.text(cluster),
                QueryParams.bounded("cpus", cpus, 1, 4096),
                memory == null ? null : memory.longValue(),
                wanted,
                QueryParams.text(vm)));
    }
}
