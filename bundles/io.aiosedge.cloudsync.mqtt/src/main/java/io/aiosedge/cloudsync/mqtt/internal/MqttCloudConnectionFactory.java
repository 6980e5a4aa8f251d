package io.aiosedge.cloudsync.mqtt.internal;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Kura's entry point for AIOS MQTT cloud connections ("Cloud Connections" → New): creates, lists and deletes
 * endpoint instances through ConfigurationAdmin. The stack of a connection is its endpoint alone (the endpoint
 * holds session, outbox and RPC); publishers and subscribers are created separately and name the endpoint.
 */
@Component(name = MqttCloudConnectionFactory.PID, service = CloudConnectionFactory.class,
        property = {"service.pid=" + MqttCloudConnectionFactory.PID,
                "kura.ui.csf.pid.default=" + MqttCloudConnectionFactory.DEFAULT_ENDPOINT_PID,
                "kura.ui.csf.pid.regex=" + MqttCloudConnectionFactory.ENDPOINT_PID_REGEX})
public class MqttCloudConnectionFactory implements CloudConnectionFactory {

    /** The factory's own pid (= {@code kura.cloud.connection.factory.pid} of its endpoints). */
    public static final String PID = "io.aiosedge.cloudsync.mqtt.MqttCloudConnectionFactory";
    /** The pid Kura proposes for a new connection. */
    public static final String DEFAULT_ENDPOINT_PID = "io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint";
    /** The pids this factory accepts: the default, or the default plus "-" and a name. */
    public static final String ENDPOINT_PID_REGEX = "^io\\.aiosedge\\.cloudsync\\.mqtt\\.MqttCloudEndpoint(-[a-zA-Z0-9]+)?$";

    private static final Pattern ENDPOINT_PID_PATTERN = Pattern.compile(ENDPOINT_PID_REGEX);
    private static final String KURA_SERVICE_PID = "kura.service.pid";

    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public MqttCloudConnectionFactory(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Override
    public String getFactoryPid() {
        return MqttCloudEndpoint.PID;
    }

    @Override
    public void createConfiguration(String userPid) throws KuraException {
        checkPid(userPid);
        if (endpointConfiguration(userPid) != null) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, "cloud connection " + userPid + " already exists");
        }
        try {
            Configuration configuration = configurationAdmin.createFactoryConfiguration(MqttCloudEndpoint.PID, "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(KURA_SERVICE_PID, userPid);
            properties.put(KURA_CLOUD_CONNECTION_FACTORY_PID, PID);
            configuration.update(properties);
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, "cannot create " + userPid + ": " + e.getMessage());
        }
    }

    @Override
    public List<String> getStackComponentsPids(String userPid) throws KuraException {
        checkPid(userPid);
        return List.of(userPid);
    }

    @Override
    public void deleteConfiguration(String userPid) throws KuraException {
        checkPid(userPid);
        Configuration configuration = endpointConfiguration(userPid);
        if (configuration == null) {
            return;
        }
        try {
            configuration.delete();
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, "cannot delete " + userPid + ": " + e.getMessage());
        }
    }

    @Override
    public Set<String> getManagedCloudConnectionPids() throws KuraException {
        Set<String> pids = new TreeSet<>();
        for (Configuration c : list("(&(service.factoryPid=" + MqttCloudEndpoint.PID + ")(" + KURA_CLOUD_CONNECTION_FACTORY_PID
                + "=" + PID + "))")) {
            Object pid = c.getProperties() == null ? null : c.getProperties().get(KURA_SERVICE_PID);
            if (pid != null && ENDPOINT_PID_PATTERN.matcher(pid.toString()).matches()) {
                pids.add(pid.toString());
            }
        }
        return pids;
    }

    private static void checkPid(String userPid) throws KuraException {
        if (userPid == null || !ENDPOINT_PID_PATTERN.matcher(userPid).matches()) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "cloud connection pid '" + userPid
                    + "' does not match " + ENDPOINT_PID_REGEX);
        }
    }

    private Configuration endpointConfiguration(String userPid) throws KuraException {
        Configuration[] found = list("(&(service.factoryPid=" + MqttCloudEndpoint.PID + ")(" + KURA_SERVICE_PID + "="
                + userPid + "))");
        return found.length == 0 ? null : found[0];
    }

    private Configuration[] list(String filter) throws KuraException {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (IOException | InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.CONFIGURATION_ERROR, e, e.getMessage());
        }
    }
}
