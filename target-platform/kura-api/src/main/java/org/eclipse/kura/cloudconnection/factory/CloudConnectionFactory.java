package org.eclipse.kura.cloudconnection.factory;

import java.util.List;
import java.util.Set;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code CloudConnectionFactory}: creates and deletes the components of a cloud connection stack. */
@ProviderType
public interface CloudConnectionFactory {

    String KURA_CLOUD_CONNECTION_FACTORY_PID = "kura.cloud.connection.factory.pid";

    String getFactoryPid();

    void createConfiguration(String userPid) throws KuraException;

    List<String> getStackComponentsPids(String userPid) throws KuraException;

    void deleteConfiguration(String userPid) throws KuraException;

    Set<String> getManagedCloudConnectionPids() throws KuraException;
}
