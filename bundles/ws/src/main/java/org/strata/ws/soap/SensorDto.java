package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A hardware sensor as its BMC reports it now; a threshold is absent where the sensor has none. */
@XmlType(name = "Sensor")
public class SensorDto {
    public String name;
    public String type;
    public Double value;
    public String unit;
    public Double lowerNonRecoverable;
    public Double lowerCritical;
    public Double lowerNonCritical;
    public Double upperNonCritical;
    public Double upperCritical;
    public Double upperNonRecoverable;
    /** NORMAL, WARNING, CRITICAL, NON_RECOVERABLE or UNKNOWN. */
    public String status;

    public SensorDto() {}
}
