package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** What a machine's BMC says of the machine: GUID, vendor, product, firmware revision and FRU data. */
@XmlType(name = "HardwareInventory")
public class HardwareInventoryDto {
    public String guid;
    public String manufacturer;
    public String product;
    public String firmwareRevision;

    @XmlElement(name = "fru")
    public List<FruRecordDto> fru = new ArrayList<>();

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant read;

    public HardwareInventoryDto() {}
}
