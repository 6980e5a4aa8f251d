package org.eclipse.kura.driver.descriptor;

import java.util.List;
import java.util.Optional;

/** Mirrors Kura's {@code DriverDescriptorService}: lists the descriptors of the registered drivers. */
public interface DriverDescriptorService {

    Optional<DriverDescriptor> getDriverDescriptor(String driverPid);

    List<DriverDescriptor> listDriverDescriptors();
}
