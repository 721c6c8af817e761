package org.strata.ws.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.MachinePower;
import org.strata.api.hardware.PowerStatesRequest;

/**
 * The power state of many bare-metal machines in one request: the named ones ({@code ?host=ID}, repeated, as
 * vCenter's REST API filters by repeated query parameters), a datacenter's ({@code ?datacenter=}), or all. A read,
 * so a GET that a viewer may make. The answer is a stream of JSON lines ({@code application/x-ndjson}), one object
 * per machine written as its BMC answers, so that a client sees the fleet come in rather than wait for the slowest
 * BMC; a client that accepts only {@code application/json} gets the same objects as one array once all answered.
 * The request is checked whole before the first line: a bad one is a problem with its 4xx status, as everywhere.
 */
@Path("/hardware")
public class PowerStatesResource {
    static final String NDJSON = "application/x-ndjson";
    private static final MediaType NDJSON_TYPE = MediaType.valueOf(NDJSON);

    private final HardwareService hardware;
    private final ObjectWriter json;

    public PowerStatesResource(HardwareService hardware) {
        this.hardware = hardware;
        ObjectMapper mapper = JsonMapper.create();
        this.json = mapper.writerFor(MachinePower.class);
    }

    @GET
    @Path("/power-states")
    @Produces({NDJSON, MediaType.APPLICATION_JSON})
    public Response powerStates(
            @QueryParam("host") List<String> hostIds,
            @QueryParam("datacenter") String datacenter,
            @QueryParam("timeout") String timeout,
            @Context HttpHeaders headers) {
        PowerStatesRequest request = new PowerStatesRequest(
                hostIds == null || hostIds.isEmpty() ? null : hostIds,
                QueryParams.text(datacenter),
                timeoutSeconds(timeout));
        Stream<MachinePower> answers = hardware.powerStates(request);
        if (!wantsLines(headers)) {
            try (answers) {
                return Response.ok(answers.toList(), MediaType.APPLICATION_JSON_TYPE)
                        .build();
            }
        }
        StreamingOutput lines = out -> {
            try (answers) {
                answers.forEach(answer -> writeLine(out, answer));
            } catch (UncheckedIOException e) {
                throw e.getCause(); // the client went away: the sweep's questions not started yet are dropped
            }
        };
        return Response.ok(lines, NDJSON_TYPE).build();
    }

    /** Core checks the bounds too (for SOAP and the shell); here so that the OpenAPI document's are held to REST. */
    static Integer timeoutSeconds(String raw) {
        return QueryParams.bounded("timeout", raw, 1, PowerStatesRequest.MAX_TIMEOUT_SECONDS);
    }

    /** JSON lines unless the client accepts application/json and not them (wildcards count for lines). */
    private static boolean wantsLines(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(NDJSON_TYPE)) {
                return true;
            }
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return true;
    }

    private void writeLine(OutputStream out, MachinePower answer) {
        try {
            out.write(json.writeValueAsBytes(answer));
            out.write('\n');
            out.flush(); // each machine as it answers: the point of the stream
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
