package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** Field-replaceable unit data of one FRU device (0 is the board's); absent fields were not reported. */
@XmlType(name = "FruRecord")
public class FruRecordDto {
    public int device;
    public String chassisType;
    public String chassisPartNumber;
    public String chassisSerial;
    public String boardManufacturer;
    public String boardProduct;
    public String boardSerial;
    public String boardPartNumber;
    public String productManufacturer;
    public String productName;
    public String productPartNumber;
    public String productVersion;
    public String productSerial;

    public FruRecordDto() {}
}
