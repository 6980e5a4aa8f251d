package org.eclipse.kura.connection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/** Mirrors Kura's {@code ConnectionListener}: told when a store's or a database's connection comes and goes. */
@ConsumerType
public interface ConnectionListener {

    void connected();

    void disconnected();
}
