package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Mirrors Kura's {@code Password}: a password configuration value; {@link #toString()} returns the password (a
 * NullPointerException for one made from a null String, as in Kura); {@link #getPassword()} the array itself.
 */
@ProviderType
public class Password {

    private final char[] password;

    public Password(String password) {
        this.password = password == null ? null : password.toCharArray();
    }

    public Password(char[] password) {
        this.password = password;
    }

    public char[] getPassword() {
        return this.password;
    }

    @Override
    public String toString() {
        return new String(this.password);
    }
}
