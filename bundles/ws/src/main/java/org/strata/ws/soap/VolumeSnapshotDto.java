package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A snapshot of a volume, kept by its storage backend. */
@XmlType(name = "VolumeSnapshot")
public class VolumeSnapshotDto {
    public String name;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    /** The space it holds; absent when the backend does not say. */
    public Long sizeBytes;

    public VolumeSnapshotDto() {}
}
