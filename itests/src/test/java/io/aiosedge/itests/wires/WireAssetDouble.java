package io.aiosedge.itests.wires;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.driver.Driver;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.eclipse.kura.wire.WireComponent;
import org.eclipse.kura.wire.WireEmitter;
import org.eclipse.kura.wire.WireEnvelope;
import org.eclipse.kura.wire.WireHelperService;
import org.eclipse.kura.wire.WireReceiver;
import org.eclipse.kura.wire.WireRecord;
import org.eclipse.kura.wire.WireSupport;
import org.osgi.framework.ServiceReference;
import org.osgi.service.wireadmin.Wire;

/**
 * Kura's WireAsset ({@code org.eclipse.kura.wire.WireAsset}, not in Kura's API jar) over a real Driver, as WIRES.md
 * section 3 describes it with its defaults (timestamp.mode PER_CHANNEL, emit.errors false, emit.on.change false,
 * emit.all.channels false): any received envelope makes it read all its enabled readable channels through the
 * driver (channel configuration as Kura hands it over: {@code +name}, {@code +type}, {@code +value.type},
 * {@code +enabled} and the driver's own settings, every value a String) and emit one envelope with one record:
 * {@code <channel>} (value, SUCCESS only) and {@code <channel>_timestamp} (LONG, every record), then
 * {@code assetName} = the asset's kura.service.pid. A driver exception is logged (kept here), nothing emitted.
 */
final class WireAssetDouble implements WireEmitter, WireReceiver {

    /** Driver exceptions Kura's asset would have logged. */
    final List<Exception> errors = new CopyOnWriteArrayList<>();

    private final String name;
    private final Driver driver;
    private final Map<String, Map<String, Object>> channels;
    private volatile WireSupport support;

    /**
     * @param name the asset's kura.service.pid
     * @param channels channel name → the driver's settings of that channel (the asset adds Kura's own keys)
     */
    WireAssetDouble(String name, Driver driver, Map<String, Map<String, String>> channels) {
        this.name = name;
        this.driver = driver;
        this.channels = new LinkedHashMap<>();
        channels.forEach((channel, settings) -> {
            Map<String, Object> config = new LinkedHashMap<>(settings);
            config.put("+name", channel);
            config.put("+type", "READ");
            config.put("+value.type", "DOUBLE");
            config.put("+enabled", "true");
            this.channels.put(channel, config);
        });
    }

    void attach(WireHelperService helper, ServiceReference<WireComponent> own) {
        this.support = helper.newWireSupport(this, own);
    }

    @Override
    public void onWireReceive(WireEnvelope envelope) {
        List<ChannelRecord> records = new ArrayList<>();
        this.channels.forEach((channel, config) -> {
            ChannelRecord record = ChannelRecord.createReadRecord(channel, DataType.DOUBLE);
            record.setChannelConfig(config);
            records.add(record);
        });
        try {
            this.driver.read(records);
        } catch (Exception e) {
            this.errors.add(e);
            return;
        }
        Map<String, TypedValue<?>> properties = new LinkedHashMap<>();
        for (ChannelRecord record : records) {
            if (record.getChannelStatus() != null
                    && record.getChannelStatus().getChannelFlag() == org.eclipse.kura.channel.ChannelFlag.SUCCESS) {
                properties.put(record.getChannelName(), record.getValue());
            }
            properties.put(record.getChannelName() + "_timestamp", TypedValues.newLongValue(record.getTimestamp()));
        }
        properties.put("assetName", TypedValues.newStringValue(this.name));
        this.support.emit(List.of(new WireRecord(properties)));
    }

    @Override
    public Object polled(Wire wire) {
        return this.support.polled(wire);
    }

    @Override
    public void consumersConnected(Wire[] wires) {
        this.support.consumersConnected(wires);
    }

    @Override
    public void updated(Wire wire, Object value) {
        this.support.updated(wire, value);
    }

    @Override
    public void producersConnected(Wire[] wires) {
        this.support.producersConnected(wires);
    }
}
