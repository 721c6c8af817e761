package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/**
 * A mounted file system of a guest: its size as its users see it and the bytes used (-1 when unknown), and the share
 * used in percent, one decimal (-1 when unknown).
 */
@XmlType(name = "GuestFileSystem")
public class GuestFileSystemDto {
    public String mountpoint;
    public String type;
    public long totalBytes;
    public long usedBytes;
    public double usedPercent;

    public GuestFileSystemDto() {}
}
