package org.eclipse.kura.wire.graph;

import java.util.List;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code WireComponentDefinitionService}: what the Wire Composer's palette lists. */
@ProviderType
public interface WireComponentDefinitionService {

    List<WireComponentDefinition> getComponentDefinitions() throws KuraException;
}
