package org.eclipse.kura.configuration.metatype;

import java.util.List;

import org.eclipse.kura.configuration.ComponentConfiguration;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code OCDService}: looks up the definitions of factory components and service providers. */
@ProviderType
public interface OCDService {

    List<ComponentConfiguration> getFactoryComponentOCDs();

    ComponentConfiguration getFactoryComponentOCD(String factoryPid);

    List<ComponentConfiguration> getServiceProviderOCDs(Class<?>... classes);

    List<ComponentConfiguration> getServiceProviderOCDs(String... classNames);
}
