package org.strata.ws.soap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.StrataException;
import org.strata.api.datacenter.UsageQuery;
import org.strata.api.datacenter.UsageReportService;
import org.strata.ws.rest.JsonMapper;

/**
 * Reports over SOAP (the datacenter layer; the fault UNAVAILABLE while it is not running). The usage report is
 * returned as the JSON document REST answers, as one string: its steps are a table that a WSDL type would only copy.
 */
@WebService(
        name = "Reports",
        serviceName = "ReportWebService",
        portName = "ReportPort",
        targetNamespace = Soap.NAMESPACE)
public class ReportWebService {
    private final UsageReportService reports;
    private final ObjectMapper json = JsonMapper.create();

    public ReportWebService(UsageReportService reports) {
        this.reports = reports;
    }

    /** As GET /reports/usage: exactly one of tenant (id or name), poolId, clusterId; from, to as xsd:dateTime. */
    @WebMethod
    @WebResult(name = "reportJson")
    public String getUsageReport(
            @WebParam(name = "tenant") String tenant,
            @WebParam(name = "poolId") String poolId,
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "from") String from,
            @WebParam(name = "to") String to,
            @WebParam(name = "step") String step)
            throws StrataFault {
        return Faults.call(() -> {
            try {
                return json.writeValueAsString(reports.report(new UsageQuery(
                        blankToNull(tenant),
                        blankToNull(poolId),
                        blankToNull(clusterId),
                        instant("from", from),
                        instant("to", to),
                        blankToNull(step))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a usage report cannot be written as JSON", e);
            }
        });
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw StrataException.invalid("'" + name + "' must be a date and time such as 2026-01-02T03:04:05Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
