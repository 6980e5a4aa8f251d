package io.aiosedge.conformance;

import java.util.List;

/**
 * What the checker needs from one metatype XML file.
 *
 * @param path the jar entry, e.g. {@code OSGI-INF/metatype/com.example.Foo.xml}
 * @param ocds its object class definitions
 * @param designates its designates
 */
record MetatypeFile(String path, List<Ocd> ocds, List<Designate> designates) {

    /** The folder Kura (and the metatype service) reads metatype files from. */
    static final String FOLDER = "OSGI-INF/metatype/";

    /** The only path at which Kura finds the metatype of {@code pid}. */
    static String expectedPath(String pid) {
        return FOLDER + pid + ".xml";
    }

    /** An {@code <OCD>}; {@code id} is null when the attribute is missing. */
    record Ocd(String id, List<Ad> ads) {
    }

    /**
     * An {@code <AD>}; {@code type} is null when the attribute is missing (which means String), {@code min} and
     * {@code max} when the AD declares no bound.
     */
    record Ad(String id, String type, String min, String max) {
    }

    /**
     * A {@code <Designate>}; each field is null when the attribute (or the {@code <Object>}) is missing.
     */
    record Designate(String pid, String factoryPid, String ocdRef) {

        /** The PID the designate binds: the factory PID for a factory, the PID otherwise. */
        String boundPid() {
            return factoryPid != null && !factoryPid.isEmpty() ? factoryPid : pid;
        }

        /** How messages name the bound PID's attribute. */
        String boundAttribute() {
            return factoryPid != null && !factoryPid.isEmpty() ? "factoryPid" : "pid";
        }
    }
}
