package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** An image made by another product (VMDK, VHD) to convert into a new volume. */
@XmlType(name = "VolumeImport")
public class VolumeImportDto {
    public String pool;
    public String name;
    public String sourcePath;
    public String sourceFormat;
    public String format;

    public VolumeImportDto() {}
}
