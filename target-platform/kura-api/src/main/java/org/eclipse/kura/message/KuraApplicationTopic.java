package org.eclipse.kura.message;

/** Mirrors Kura's {@code KuraApplicationTopic}: the application id and application topic of a message topic. */
public abstract class KuraApplicationTopic {

    protected String applicationId;
    protected String applicationTopic;

    public String getApplicationId() {
        return this.applicationId;
    }

    public String getApplicationTopic() {
        return this.applicationTopic;
    }
}
