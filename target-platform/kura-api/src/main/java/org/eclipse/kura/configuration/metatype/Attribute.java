package org.eclipse.kura.configuration.metatype;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code Attribute}: a metatype attribute value of a designate's object. */
@ProviderType
public interface Attribute {

    List<String> getValue();

    String getAdref();

    String getContent();
}
