package io.aiosedge.driver.simulated.internal;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.kura.core.configuration.metatype.Tscalar;

import io.aiosedge.driver.simulated.signal.AnomalyKind;
import io.aiosedge.driver.simulated.signal.Shape;
import io.aiosedge.driver.simulated.signal.SignalSpec;

/**
 * The per-channel settings of the simulated driver: their ids in Kura's channel configuration, metatype
 * type, default and the {@link SignalSpec} component each one fills. One table for the channel descriptor
 * (what Kura's UI renders) and the parser (what reads the String values back), so the two cannot disagree.
 */
enum ChannelProperty {

    SHAPE("shape", "Shape", Tscalar.STRING, "SINE", "shape",
            "Form of the noise-free signal.", Arrays.stream(Shape.values()).map(Enum::name).toList()),
    AMPLITUDE("amplitude", "Amplitude", Tscalar.DOUBLE, "1.0", "amplitude",
            "Half the peak-to-peak swing, in signal units (at least 0)."),
    OFFSET("offset", "Offset", Tscalar.DOUBLE, "0.0", "offset", "Centre of the signal, in signal units."),
    PERIOD_MS("period.ms", "Period (ms)", Tscalar.LONG, "60000", "periodMs",
            "Period of the shape in ms (STEP: how long each level holds; RANDOM_WALK: time between pinned levels)."),
    NOISE_SIGMA("noise.sigma", "Noise sigma", Tscalar.DOUBLE, "0.0", "noiseSigma",
            "Standard deviation of the Gaussian noise, in signal units (0: none)."),
    ANOMALY_RATE("anomaly.rate.per.hour", "Anomalies per hour", Tscalar.DOUBLE, "0.0", "anomalyRatePerHour",
            "Expected injected anomalies per hour (0: none; at most 1,800,000 / anomaly duration in ms)."),
    ANOMALY_MAGNITUDE("anomaly.magnitude", "Anomaly magnitude", Tscalar.DOUBLE, "1.0", "anomalyMagnitude",
            "Largest anomaly offset in signal units; each anomaly draws 10 % to 100 % of it."),
    ANOMALY_DURATION_MS("anomaly.duration.ms", "Anomaly duration (ms)", Tscalar.LONG, "10000", "anomalyDurationMs",
            "Longest anomaly in ms; drifts and stuck values last 50-100 % of it, spikes 5-20 %."),
    ANOMALY_KINDS("anomaly.kinds", "Anomaly kinds", Tscalar.STRING, "SPIKE,DRIFT,STUCK", "anomalyKinds",
            "Comma-separated kinds to inject, among "
                    + Arrays.stream(AnomalyKind.values()).map(Enum::name).collect(Collectors.joining(", ")) + "."),
    SEED("seed", "Seed", Tscalar.LONG, null, "seed",
            "Seed of this channel's noise, random shapes and anomalies; empty: derived from the driver's seed and the"
                    + " channel name."),
    SETPOINT("setpoint", "Setpoint", Tscalar.BOOLEAN, "false", null,
            "Whether the channel is an actuator/setpoint: writes store the value and later reads return it; before"
                    + " the first write reads return the signal.");

    private final String id;
    private final String label;
    private final Tscalar type;
    private final String defaultValue;
    private final String specComponent;
    private final String description;
    private final List<String> options;

    ChannelProperty(String id, String label, Tscalar type, String defaultValue, String specComponent,
            String description) {
        this(id, label, type, defaultValue, specComponent, description, List.of());
    }

    ChannelProperty(String id, String label, Tscalar type, String defaultValue, String specComponent,
            String description, List<String> options) {
        this.id = id;
        this.label = label;
        this.type = type;
        this.defaultValue = defaultValue;
        this.specComponent = specComponent;
        this.description = description;
        this.options = options;
    }

    /** @return the key in the channel configuration map */
    String id() {
        return this.id;
    }

    String label() {
        return this.label;
    }

    Tscalar type() {
        return this.type;
    }

    /** @return the default as Kura's UI shows it; null when the property is optional and has none */
    String defaultValue() {
        return this.defaultValue;
    }

    String description() {
        return this.description;
    }

    List<String> options() {
        return this.options;
    }

    /** @return whether a channel may leave it empty */
    boolean required() {
        return this.defaultValue != null;
    }

    /**
     * @param component a {@link SignalSpec} component name
     * @return the property that fills it, or null
     */
    static ChannelProperty forSpecComponent(String component) {
        for (ChannelProperty property : values()) {
            if (component.equals(property.specComponent)) {
                return property;
            }
        }
        return null;
    }
}
