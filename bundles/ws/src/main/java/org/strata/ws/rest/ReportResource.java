package org.strata.ws.rest;

import java.util.Locale;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.strata.api.StrataException;
import org.strata.api.datacenter.UsageCsv;
import org.strata.api.datacenter.UsageQuery;
import org.strata.api.datacenter.UsageReport;
import org.strata.api.datacenter.UsageReportService;
import org.strata.api.datacenter.UsageSampling;

/**
 * The cost and utilization report (the datacenter layer; 503 while it is not running): JSON by default, CSV with
 * {@code Accept: text/csv} or {@code ?format=csv}. The tenant is named explicitly in the query.
 */
@Path("/reports")
public class ReportResource {

    public static final String CSV = "text/csv";

    private final UsageReportService reports;

    public ReportResource(UsageReportService reports) {
        this.reports = reports;
    }

    @GET
    @Path("/usage")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response usage(
            @QueryParam("tenant") String tenant,
            @QueryParam("pool") String pool,
            @QueryParam("cluster") String cluster,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("step") String step,
            @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        boolean csv = csv(format, headers);
        UsageReport report = reports.report(new UsageQuery(
                QueryParams.text(tenant),
                QueryParams.text(pool),
                QueryParams.text(cluster),
                QueryParams.instant("from", from),
                QueryParams.instant("to", to),
                QueryParams.text(step)));
        if (csv) {
            return Response.ok(UsageCsv.write(report), CSV + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"usage.csv\"")
                    .build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    /** Takes a sample of every pool and cluster now, besides the periodic ones (admins and operators). */
    @POST
    @Path("/usage/samples")
    @Produces(MediaType.APPLICATION_JSON)
    public UsageSampling sample() {
        return reports.sampleNow();
    }

    /** ?format wins; else the first acceptable type that is one of ours (JSON when the client takes anything). */
    static boolean csv(String format, HttpHeaders headers) {
        String f = QueryParams.text(format);
        if (f != null) {
            return switch (f.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default ->
                    throw StrataException.invalid("query parameter 'format' must be json or csv, was '" + f + "'");
            };
        }
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.valueOf(CSV))) {
                return true;
            }
        }
        return false;
    }
}
