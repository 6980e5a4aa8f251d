package io.aiosedge.cloudsync.mqtt.internal.store;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.KuraStoreException;
import org.mockito.Mockito;

/** Makes {@link SqliteMessageStoreProvider}s outside OSGi, as DS would: a typed Config from properties. */
final class Providers {

    private Providers() {
    }

    /** The Config with these properties ({@code a.b} for {@code a_b()}) and the annotation's defaults otherwise. */
    static SqliteMessageStoreProvider.Config config(Map<String, ?> properties) {
        return Mockito.mock(SqliteMessageStoreProvider.Config.class, invocation -> {
            Method m = invocation.getMethod();
            Object value = properties.get(m.getName().replace('_', '.'));
            return value != null ? value : m.getDefaultValue();
        });
    }

    static SqliteMessageStoreProvider provider(Path directory, Map<String, ?> extra) throws KuraStoreException {
        Map<String, Object> p = new HashMap<>(extra);
        p.putIfAbsent("kura.service.pid", "test-store");
        p.put("store.directory", directory.toString());
        return new SqliteMessageStoreProvider(config(p), p, null);
    }
}
