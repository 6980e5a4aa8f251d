package io.aiosedge.itests.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.kura.channel.listener.ChannelEvent;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.driver.Driver.ConnectionException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Uses a driver the way Kura's Asset does: it follows the Driver service with a given {@code kura.service.pid}
 * and registers a channel listener on whichever instance is there, again when the driver comes back after an
 * update. Counts the events and the driver instances it has seen.
 */
final class SimulatedDriverClient extends ServiceTracker<Driver, Driver> {

    private final Map<String, Object> channel;
    private final ChannelListener listener = new CountingListener();
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger driversSeen = new AtomicInteger();

    SimulatedDriverClient(BundleContext context, String kuraServicePid) throws InvalidSyntaxException {
        super(context, context.createFilter("(&(objectClass=" + Driver.class.getName() + ")(kura.service.pid="
                + kuraServicePid + "))"), null);
        this.channel = new HashMap<>();
        this.channel.put("+name", "level");
        this.channel.put("+type", "READ");
        this.channel.put("+value.type", "DOUBLE");
        this.channel.put("+enabled", "true");
        this.channel.put("shape", "SINE");
        this.channel.put("period.ms", "1000");
    }

    @Override
    public Driver addingService(ServiceReference<Driver> reference) {
        Driver driver = super.addingService(reference);
        if (driver != null) {
            try {
                driver.registerChannelListener(this.channel, this.listener);
                this.driversSeen.incrementAndGet();
            } catch (ConnectionException e) {
                throw new IllegalStateException("cannot listen to " + reference, e);
            }
        }
        return driver;
    }

    @Override
    public void removedService(ServiceReference<Driver> reference, Driver driver) {
        try {
            driver.unregisterChannelListener(this.listener);
        } catch (ConnectionException | RuntimeException e) {
            // The driver is going away with its bundle; its listeners go with it.
        }
        super.removedService(reference, driver);
    }

    /** A class rather than a lambda: javac would need the stand-in's annotation classes to check a lambda. */
    private final class CountingListener implements ChannelListener {
        @Override
        public void onChannelEvent(ChannelEvent event) {
            SimulatedDriverClient.this.events.add(event);
        }
    }

    int events() {
        return this.events.size();
    }

    int driversSeen() {
        return this.driversSeen.get();
    }
}
