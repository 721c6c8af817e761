package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

@XmlType(name = "HealthCheck")
public class HealthCheckDto {
    /** repository, tasks, platform, or driver:ID. */
    public String name;
    /** UP or DOWN. */
    public String status;
    /** Whether readiness depends on it. */
    public boolean required;

    public String detail;

    public HealthCheckDto() {}
}
