package org.eclipse.kura.driver;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code DriverService}: looks up the registered drivers. */
@ProviderType
public interface DriverService {

    Driver getDriver(String driverPid);

    String getDriverPid(Driver driver);

    List<Driver> listDrivers();
}
