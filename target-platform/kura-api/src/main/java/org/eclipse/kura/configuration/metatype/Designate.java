package org.eclipse.kura.configuration.metatype;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code Designate}: binds a PID or factory PID to an object class definition. */
@ProviderType
public interface Designate {

    TObject getObject();

    String getPid();

    String getFactoryPid();

    String getBundle();

    boolean isOptional();

    boolean isMerge();
}
