package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A file system of a guest as the guest monitoring last sampled it: its size and use now, whether it is over the full threshold, and its recent use. */
@XmlType(name = "GuestSampleFileSystem")
public class GuestSampleFileSystemDto {
    public String mountpoint;
    public String type;
    public long totalBytes;
    public long usedBytes;
    public double usedPercent;
    public boolean full;

    @XmlElement(name = "use")
    public List<GuestUseDto> recent = new ArrayList<>();

    public GuestSampleFileSystemDto() {}
}
