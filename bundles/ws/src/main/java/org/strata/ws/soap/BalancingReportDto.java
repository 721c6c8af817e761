package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** What one balancing round of a cluster finds from measured load. */
@XmlType(name = "BalancingReport")
public class BalancingReportDto {
    public String clusterId;
    public String policy;
    public int level;
    /** balanced, target-reached, cap-reached, no-gainful-move, too-few-hosts. */
    public String outcome;

    public double imbalanceBefore;
    public double imbalanceAfter;
    public double threshold;

    @XmlElement(name = "recommendation")
    public List<RecommendationDto> recommendations = new ArrayList<>();

    /** VMs that cannot move, each with why. */
    @XmlElement(name = "excluded")
    public List<String> excluded = new ArrayList<>();

    public String summary;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant computed;

    public BalancingReportDto() {}
}
