package io.aiosedge.cloudsync.mqtt.internal.link;

import java.util.Collections;
import java.util.Enumeration;

import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttPersistable;

/**
 * Paho's persistence for our clients: keeps nothing. The outbox is what keeps messages until the broker
 * acknowledges them, and every connection attempt gets a fresh client whose state is never restored (the outbox
 * sends again what was in flight). Paho reads its persistence only when a client restores its state at
 * connection ({@code ClientState.restoreState}: {@code keys}, {@code get}, {@code containsKey}), which for a fresh
 * {@code MemoryPersistence} finds nothing either; otherwise it only puts and removes, twice per QoS 1 message, each
 * a synchronized {@code Hashtable} operation contended between the publishing threads and Paho's callback thread.
 */
final class NoPersistence implements MqttClientPersistence {

    @Override
    public void open(String clientId, String serverUri) {
        // nothing to open
    }

    @Override
    public void close() {
        // nothing to close
    }

    @Override
    public void put(String key, MqttPersistable persistable) {
        // kept by the outbox instead
    }

    @Override
    public MqttPersistable get(String key) {
        return null;
    }

    @Override
    public void remove(String key) {
        // nothing kept
    }

    @Override
    public Enumeration<String> keys() {
        return Collections.emptyEnumeration();
    }

    @Override
    public void clear() {
        // nothing kept
    }

    @Override
    public boolean containsKey(String key) {
        return false;
    }
}
