package org.strata.spi.hardware;

/**
 * Field-replaceable unit data of one FRU device (the board, the chassis, a power supply), as written by
 * the manufacturer. Any field may be null when the FRU does not carry it.
 *
 * @param device the FRU device id on the BMC (0 is the board's own)
 */
public record FruInfo(
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
