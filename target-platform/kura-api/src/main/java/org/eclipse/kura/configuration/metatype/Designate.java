package org.eclipse.kura.configuration.metatype;

/** Mirrors Kura's {@code Designate}: binds a PID or factory PID to an object class definition. */
public interface Designate {

    TObject getObject();

    String getPid();

    String getFactoryPid();

    String getBundle();

    boolean isOptional();

    boolean isMerge();
}
