package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "TaskPage",
        propOrder = {"items", "offset", "limit", "total"})
public class TaskPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<TaskDto> items = new ArrayList<>();

    public TaskPageDto() {}
}
