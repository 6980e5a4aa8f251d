package io.aiosedge.conformance;

import java.util.List;
import java.util.Set;

/** Rules inside metatype files: their names and the AD types Kura's metatype parser accepts. */
final class MetatypeRules {

    /** Kura's Tscalar minus Char: Kura lists Char but rejects it in practice, and Character outright. */
    static final List<String> AD_TYPES =
            List.of("String", "Long", "Double", "Float", "Integer", "Byte", "Boolean", "Short", "Password");

    private static final Set<String> ACCEPTED_TYPES = Set.copyOf(AD_TYPES);

    private MetatypeRules() {
    }

    static void check(MetatypeFile file, Findings findings) {
        for (MetatypeFile.Ocd ocd : file.ocds()) {
            if (ocd.id() == null || !file.path().equals(MetatypeFile.expectedPath(ocd.id()))) {
                findings.report(KuraRule.METATYPE_NAMING, "metatype file " + file.path() + " declares OCD id '"
                        + ocd.id() + "'; Kura reads only OSGI-INF/metatype/<OCD id>.xml");
            }
            for (MetatypeFile.Ad ad : ocd.ads()) {
                checkType(file, ocd, ad, findings);
                checkBounds(file, ocd, ad, findings);
            }
        }
        for (MetatypeFile.Designate designate : file.designates()) {
            checkDesignate(file, designate, findings);
        }
    }

    private static void checkDesignate(MetatypeFile file, MetatypeFile.Designate designate, Findings findings) {
        String pid = designate.boundPid();
        if (pid == null || pid.isEmpty()) {
            findings.report(KuraRule.METATYPE_NAMING, "a Designate in " + file.path()
                    + " has neither pid nor factoryPid; Kura needs the PID to find the component's metatype");
            return;
        }
        String label = "Designate " + designate.boundAttribute() + " '" + pid + "' in " + file.path();
        if (!file.path().equals(MetatypeFile.expectedPath(pid))) {
            findings.report(KuraRule.METATYPE_NAMING, label + " does not match the file name; Kura looks for it in "
                    + MetatypeFile.expectedPath(pid));
        }
        if (designate.factoryPid() != null && !designate.factoryPid().isEmpty() && designate.ocdRef() != null) {
            file.ocds().stream().filter(o -> designate.ocdRef().equals(o.id())).findFirst()
                    .filter(o -> o.ads().stream().noneMatch(ad -> "kura.service.pid".equals(ad.id())))
                    .ifPresent(o -> findings.report(KuraRule.FACTORY_NAME, label + " is a factory whose OCD '" + o.id()
                            + "' has no AD 'kura.service.pid': add the name field (required=\"false\", default"
                            + " empty: the generated service.pid)"));
        }
        if (designate.ocdRef() == null) {
            findings.report(KuraRule.METATYPE_NAMING, label + " has no <Object ocdref>; expected ocdref '"
                    + pid + "'");
        } else if (!designate.ocdRef().equals(pid)) {
            findings.report(KuraRule.METATYPE_NAMING, label + " refers to OCD '" + designate.ocdRef()
                    + "'; Kura requires the OCD id to equal the PID '" + pid + "'");
        }
    }

    /**
     * Bounds the AD's name implies. Only names that say what the value is are judged (a port; a duration:
     * {@code *.ms}, {@code *.s}, {@code *.us}, {@code *timeout*}; a count: {@code slots}, {@code threads},
     * {@code retries}, {@code capacity}, {@code size}, {@code bytes}, {@code max.*}), so a seed or a threshold,
     * which may be any number, is never reported.
     */
    private static void checkBounds(MetatypeFile file, MetatypeFile.Ocd ocd, MetatypeFile.Ad ad,
            Findings findings) {
        if (ad.id() == null || ad.type() == null || !NUMERIC_TYPES.contains(ad.type())) {
            return;
        }
        List<String> words = List.of(ad.id().toLowerCase(java.util.Locale.ROOT).split("[._-]+"));
        String last = words.get(words.size() - 1);
        String label = "AD '" + ad.id() + "' of OCD '" + ocd.id() + "' in " + file.path();
        boolean port = last.equals("port");
        if (port && (blank(ad.min()) || blank(ad.max()))) {
            findings.report(KuraRule.AD_BOUNDS, label + " is a port but declares " + declared(ad)
                    + "; expected min=\"1\" max=\"65535\" (or narrower)");
            return;
        }
        boolean duration = DURATION_SUFFIXES.contains(last) || words.stream().anyMatch(w -> w.contains("timeout"));
        boolean count = words.stream().anyMatch(COUNT_WORDS::contains) || words.get(0).equals("max");
        if (!port && (duration || count) && blank(ad.min())) {
            findings.report(KuraRule.AD_BOUNDS, label + " is a " + (duration ? "duration" : "count")
                    + " but declares no min; expected e.g. min=\"0\" or min=\"1\"");
        }
    }

    private static final Set<String> NUMERIC_TYPES = Set.of("Long", "Double", "Float", "Integer", "Byte", "Short");
    private static final Set<String> DURATION_SUFFIXES = Set.of("ms", "s", "us");
    private static final Set<String> COUNT_WORDS =
            Set.of("slots", "threads", "retries", "capacity", "size", "bytes");

    private static boolean blank(String bound) {
        return bound == null || bound.isBlank();
    }

    private static String declared(MetatypeFile.Ad ad) {
        if (blank(ad.min()) && blank(ad.max())) {
            return "no min and no max";
        }
        return blank(ad.min()) ? "no min" : "no max";
    }

    private static void checkType(MetatypeFile file, MetatypeFile.Ocd ocd, MetatypeFile.Ad ad,
            Findings findings) {
        if (ad.type() != null && !ACCEPTED_TYPES.contains(ad.type())) {
            findings.report(KuraRule.AD_TYPE, "AD '" + ad.id() + "' of OCD '" + ocd.id() + "' in " + file.path()
                    + " has type '" + ad.type() + "'; Kura accepts only " + String.join(", ", AD_TYPES));
        }
    }
}
