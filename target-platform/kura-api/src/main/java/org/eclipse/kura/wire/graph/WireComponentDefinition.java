package org.eclipse.kura.wire.graph;

import java.util.Map;

import org.eclipse.kura.configuration.ComponentConfiguration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code WireComponentDefinition}: one entry of the Wire Composer's palette (factory PID, port
 * counts, port names, configuration form). A bean: every field starts at 0 or null and is set as given.
 */
@ProviderType
public class WireComponentDefinition {

    private String factoryPid;
    private int minInputPorts;
    private int maxInputPorts;
    private int defaultInputPorts;
    private int minOutputPorts;
    private int maxOutputPorts;
    private int defaultOutputPorts;
    private Map<Integer, String> inputPortNames;
    private Map<Integer, String> outputPortNames;
    private ComponentConfiguration componentOCD;

    public String getFactoryPid() {
        return factoryPid;
    }

    public void setFactoryPid(String factoryPid) {
        this.factoryPid = factoryPid;
    }

    public int getMinInputPorts() {
        return minInputPorts;
    }

    public void setMinInputPorts(int minInputPorts) {
        this.minInputPorts = minInputPorts;
    }

    public int getMaxInputPorts() {
        return maxInputPorts;
    }

    public void setMaxInputPorts(int maxInputPorts) {
        this.maxInputPorts = maxInputPorts;
    }

    public int getDefaultInputPorts() {
        return defaultInputPorts;
    }

    public void setDefaultInputPorts(int defaultInputPorts) {
        this.defaultInputPorts = defaultInputPorts;
    }

    public int getMinOutputPorts() {
        return minOutputPorts;
    }

    public void setMinOutputPorts(int minOutputPorts) {
        this.minOutputPorts = minOutputPorts;
    }

    public int getMaxOutputPorts() {
        return maxOutputPorts;
    }

    public void setMaxOutputPorts(int maxOutputPorts) {
        this.maxOutputPorts = maxOutputPorts;
    }

    public int getDefaultOutputPorts() {
        return defaultOutputPorts;
    }

    public void setDefaultOutputPorts(int defaultOutputPorts) {
        this.defaultOutputPorts = defaultOutputPorts;
    }

    public Map<Integer, String> getInputPortNames() {
        return inputPortNames;
    }

    public void setInputPortNames(Map<Integer, String> inputPortNames) {
        this.inputPortNames = inputPortNames;
    }

    public Map<Integer, String> getOutputPortNames() {
        return outputPortNames;
    }

    public void setOutputPortNames(Map<Integer, String> outputPortNames) {
        this.outputPortNames = outputPortNames;
    }

    public ComponentConfiguration getComponentOCD() {
        return componentOCD;
    }

    public void setComponentOCD(ComponentConfiguration componentOCD) {
        this.componentOCD = componentOCD;
    }
}
