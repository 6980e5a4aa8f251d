package io.aiosedge.conformance;

/** The rules {@link KuraConformanceChecker} enforces; {@link #id()} is what a {@link Violation} carries. */
public enum KuraRule {
    NOT_A_BUNDLE("a jar checked as a bundle must have a Bundle-SymbolicName"),
    MALFORMED_MANIFEST("OSGi manifest headers must parse"),
    MALFORMED_XML("DS and metatype XML files must be well-formed"),
    MISSING_ENTRY("every Service-Component path without a wildcard must name an entry in the jar"),
    METATYPE_NAMING("metatype file name, OCD id, Designate pid/factoryPid, DS component name and service.pid"
            + " must be the same string: Kura reads only OSGI-INF/metatype/<pid>.xml"),
    AD_TYPE("AD types must be String, Long, Double, Float, Integer, Byte, Boolean, Short or Password"),
    AD_BOUNDS("a numeric AD named as a port must declare min and max, one named as a duration or a count a min:"
            + " the console and Kura's UI refuse a value out of range before it is stored"),
    FACTORY_NAME("the OCD of a factory component must have the name field kura.service.pid: Kura's UI and the web"
            + " console then let the user name an instance, by which commands and target filters find it"),
    CONFIGURATION_POLICY("a configurable component must have configuration-policy=\"require\""),
    CONFIGURABLE_SERVICE("a configurable component must provide ConfigurableComponent or"
            + " SelfConfiguringComponent, or Kura's ConfigurationService ignores it"),
    DS_NAMESPACE("DS component XML must use namespace v1.4.0 or lower (Kura runs Felix SCR 2.1.16)"),
    KURA_IMPORT_RANGE("an org.eclipse.kura import range must include the version Kura 5.5 exports"),
    KURA_IMPLEMENTER_RANGE("a bundle that implements or extends a Kura @ProviderType imports its package"
            + " [x.y,x.y+1); one that implements only Kura @ConsumerTypes of a package imports it [x.y,x+1)"),
    MALFORMED_CLASS("class files must parse (their supertypes decide the import ranges)"),
    NO_KURA_EXPORT("only the Kura API stand-in may export org.eclipse.kura packages"),
    UNVERSIONED_EXPORT("every exported package must have an explicit version other than 0.0.0");

    private final String description;

    KuraRule(String description) {
        this.description = description;
    }

    /** The id printed in brackets, equal to the constant's name. */
    public String id() {
        return name();
    }

    /** One line saying what the rule requires. */
    public String description() {
        return description;
    }
}
