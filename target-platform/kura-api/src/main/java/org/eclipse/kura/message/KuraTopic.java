package org.eclipse.kura.message;

import java.util.Arrays;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code KuraTopic}: splits a topic such as {@code $EDC/account/device/app/a/b} into prefix
 * ({@code $EDC}), account name, device id, application id and application topic ({@code a/b}). The first
 * segment is the prefix only when the topic starts with the MQTT topic prefix ({@code $} by default); parts
 * missing from a short topic are null.
 */
@ProviderType
public class KuraTopic {

    private final String fullTopic;
    private final String[] topicParts;
    private String prefix;
    private String accountName;
    private String deviceId;
    private String applicationId;
    private String applicationTopic;

    public KuraTopic(String fullTopic) {
        this(fullTopic, "$");
    }

    public KuraTopic(String fullTopic, String mqttTopicPrefix) {
        this.fullTopic = Objects.requireNonNull(fullTopic, "fullTopic cannot be null");
        this.topicParts = fullTopic.split("/");
        int index = 0;
        if (mqttTopicPrefix != null && !mqttTopicPrefix.isEmpty() && fullTopic.startsWith(mqttTopicPrefix)) {
            this.prefix = this.topicParts[index++];
        }
        if (index < this.topicParts.length) {
            this.accountName = this.topicParts[index++];
        }
        if (index < this.topicParts.length) {
            this.deviceId = this.topicParts[index++];
        }
        if (index < this.topicParts.length) {
            this.applicationId = this.topicParts[index++];
        }
        if (index < this.topicParts.length) {
            this.applicationTopic = String.join("/",
                    Arrays.asList(this.topicParts).subList(index, this.topicParts.length));
        }
    }

    public String getFullTopic() {
        return this.fullTopic;
    }

    /** @return a copy of the topic's segments */
    public String[] getTopicParts() {
        return this.topicParts.clone();
    }

    public String getPrefix() {
        return this.prefix;
    }

    public String getAccountName() {
        return this.accountName;
    }

    public String getDeviceId() {
        return this.deviceId;
    }

    public String getApplicationId() {
        return this.applicationId;
    }

    public String getApplicationTopic() {
        return this.applicationTopic;
    }
}
