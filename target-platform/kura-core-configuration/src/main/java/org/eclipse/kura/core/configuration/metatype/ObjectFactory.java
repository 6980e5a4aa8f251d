package org.eclipse.kura.core.configuration.metatype;

/** Mirrors Kura's {@code ObjectFactory}: creates the metatype beans of this package. */
public class ObjectFactory {

    public Ticon createTicon() {
        return new Ticon();
    }

    public Tattribute createTattribute() {
        return new Tattribute();
    }

    public Tmetadata createTmetadata() {
        return new Tmetadata();
    }

    public Tdesignate createTdesignate() {
        return new Tdesignate();
    }

    public Tad createTad() {
        return new Tad();
    }

    public Tobject createTobject() {
        return new Tobject();
    }

    public Tocd createTocd() {
        return new Tocd();
    }

    public Toption createToption() {
        return new Toption();
    }
}
