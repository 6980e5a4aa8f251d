package org.eclipse.kura.driver;

import java.util.List;

/** Mirrors Kura's {@code DriverService}: looks up the registered drivers. */
public interface DriverService {

    Driver getDriver(String driverPid);

    String getDriverPid(Driver driver);

    List<Driver> listDrivers();
}
