package org.eclipse.kura.driver.descriptor;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code DriverDescriptorService}: lists the descriptors of the registered drivers. */
@ProviderType
public interface DriverDescriptorService {

    Optional<DriverDescriptor> getDriverDescriptor(String driverPid);

    List<DriverDescriptor> listDriverDescriptors();
}
