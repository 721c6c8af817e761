package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

@XmlType(name = "Task")
public class TaskDto {
    public String id;
    public String operation;
    public String targetType;
    public String targetId;
    /** A TaskState name: QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED. */
    public String state;

    public int progress;
    public String message;
    public String result;
    /** An ErrorCode name when the task failed. */
    public String errorCode;

    public String errorMessage;
    public String principal;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant started;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant finished;

    public TaskDto() {}
}
