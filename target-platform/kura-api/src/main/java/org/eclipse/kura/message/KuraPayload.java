package org.eclipse.kura.message;

import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraPayload}: a message payload made of a timestamp, a position, named metrics and a binary
 * body. As in Kura the metrics are kept in a hash map (no order), any name and value are accepted, null ones too,
 * and {@link #metrics()} and {@link #metricNames()} are unmodifiable views; there is no equals.
 */
@ProviderType
public class KuraPayload {

    private Date timestamp;
    private KuraPosition position;
    private final Map<String, Object> metrics = new HashMap<>();
    private byte[] body;

    public Date getTimestamp() {
        return this.timestamp;
    }

    public void setTimestamp(Date timestamp) {
        this.timestamp = timestamp;
    }

    public KuraPosition getPosition() {
        return this.position;
    }

    public void setPosition(KuraPosition position) {
        this.position = position;
    }

    /** @return the value of the metric, or null when there is no such metric */
    public Object getMetric(String name) {
        return this.metrics.get(name);
    }

    /** Adds or replaces a metric; null names and values are kept as they are. */
    public void addMetric(String name, Object value) {
        this.metrics.put(name, value);
    }

    public void removeMetric(String name) {
        this.metrics.remove(name);
    }

    public void removeAllMetrics() {
        this.metrics.clear();
    }

    /** @return the metric names, as an unmodifiable view */
    public Set<String> metricNames() {
        return Collections.unmodifiableSet(this.metrics.keySet());
    }

    /** @return an iterator over the metric names; it cannot remove */
    public Iterator<String> metricsIterator() {
        return metricNames().iterator();
    }

    /** @return the metrics, as an unmodifiable view */
    public Map<String, Object> metrics() {
        return Collections.unmodifiableMap(this.metrics);
    }

    public byte[] getBody() {
        return this.body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }
}
