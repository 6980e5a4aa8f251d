package org.eclipse.kura.message;

import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraPayload}: a message payload made of a timestamp, a position, named metrics (kept
 * in insertion order) and a binary body.
 */
@ProviderType
public class KuraPayload {

    private Date timestamp;
    private KuraPosition position;
    private final Map<String, Object> metrics = new LinkedHashMap<>();
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

    /**
     * Adds or replaces a metric. A null value stores nothing: the payload then has no metric of that name.
     *
     * @param name the metric name, not null
     * @param value the value
     * @throws NullPointerException if {@code name} is null
     */
    public void addMetric(String name, Object value) {
        Objects.requireNonNull(name, "metric name cannot be null");
        if (value == null) {
            this.metrics.remove(name);
        } else {
            this.metrics.put(name, value);
        }
    }

    public void removeMetric(String name) {
        this.metrics.remove(name);
    }

    public void removeAllMetrics() {
        this.metrics.clear();
    }

    /** @return the metric names in insertion order, as an unmodifiable view */
    public Set<String> metricNames() {
        return Collections.unmodifiableSet(this.metrics.keySet());
    }

    /** @return an iterator over the metric names in insertion order; it cannot remove */
    public Iterator<String> metricsIterator() {
        return metricNames().iterator();
    }

    /** @return the metrics in insertion order, as an unmodifiable view */
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
