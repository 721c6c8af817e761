package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/**
 * One provisioning: state a ProvisioningState name (PREPARING, BOOTING, INSTALLING, INSTALLED, BOOTED, FAILED,
 * CANCELLED); its task (taskId) has the progress and can be cancelled.
 */
@XmlType(name = "Provisioning")
public class ProvisioningDto {
    public String id;
    public String targetType;
    public String targetId;
    public String profileId;
    public String method;
    public String hostname;
    public String state;
    public String message;
    public String taskId;

    @XmlElement(name = "step")
    public List<ProvisioningStepDto> steps = new ArrayList<>();

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant ended;

    public ProvisioningDto() {}
}
