package org.strata.api.driver;

import java.util.List;

/** The drivers running in the platform right now. */
public interface DriverService {

    List<DriverInfo> drivers();

    /** @throws StrataException NOT_FOUND when no running driver has that id */
    DriverInfo driver(String id);
}
