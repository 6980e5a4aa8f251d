package org.eclipse.kura.message;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraApplicationTopic}: the application id and application topic of a message topic. */
@ProviderType
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
