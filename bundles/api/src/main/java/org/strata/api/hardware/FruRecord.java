package org.strata.api.hardware;

/** Field-replaceable unit data of one FRU device of a machine (0 is the board's); fields may be null. */
public record FruRecord(
        int device,
        String chassisType,
        String chassisPartNumber,
        String chassisSerial,
        String boardManufacturer,
        String boardProduct,
        String boardSerial,
        String boardPartNumber,
        String productManufacturer,
        String productName,
        String productPartNumber,
        String productVersion,
        String productSerial) {}
