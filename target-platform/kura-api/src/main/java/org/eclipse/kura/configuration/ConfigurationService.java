package org.eclipse.kura.configuration;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Filter;

/** Mirrors Kura's {@code ConfigurationService}: manages the configurations of configurable components. */
@ProviderType
public interface ConfigurationService {

    String KURA_SERVICE_PID = "kura.service.pid";

    Set<String> getFactoryComponentPids();

    void createFactoryConfiguration(String factoryPid, String pid, Map<String, Object> properties,
            boolean takeSnapshot) throws KuraException;

    void deleteFactoryConfiguration(String pid, boolean takeSnapshot) throws KuraException;

    Set<String> getConfigurableComponentPids();

    List<ComponentConfiguration> getComponentConfigurations() throws KuraException;

    List<ComponentConfiguration> getComponentConfigurations(Filter filter) throws KuraException;

    ComponentConfiguration getComponentConfiguration(String pid) throws KuraException;

    ComponentConfiguration getDefaultComponentConfiguration(String pid) throws KuraException;

    void updateConfiguration(String pid, Map<String, Object> properties) throws KuraException;

    void updateConfiguration(String pid, Map<String, Object> properties, boolean takeSnapshot) throws KuraException;

    void updateConfigurations(List<ComponentConfiguration> configurations) throws KuraException;

    void updateConfigurations(List<ComponentConfiguration> configurations, boolean takeSnapshot) throws KuraException;

    Set<Long> getSnapshots() throws KuraException;

    List<ComponentConfiguration> getSnapshot(long id) throws KuraException;

    long snapshot() throws KuraException;

    long rollback() throws KuraException;

    void rollback(long id) throws KuraException;
}
