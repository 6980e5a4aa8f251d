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
        if (designate.ocdRef() == null) {
            findings.report(KuraRule.METATYPE_NAMING, label + " has no <Object ocdref>; expected ocdref '"
                    + pid + "'");
        } else if (!designate.ocdRef().equals(pid)) {
            findings.report(KuraRule.METATYPE_NAMING, label + " refers to OCD '" + designate.ocdRef()
                    + "'; Kura requires the OCD id to equal the PID '" + pid + "'");
        }
    }

    private static void checkType(MetatypeFile file, MetatypeFile.Ocd ocd, MetatypeFile.Ad ad,
            Findings findings) {
        if (ad.type() != null && !ACCEPTED_TYPES.contains(ad.type())) {
            findings.report(KuraRule.AD_TYPE, "AD '" + ad.id() + "' of OCD '" + ocd.id() + "' in " + file.path()
                    + " has type '" + ad.type() + "'; Kura accepts only " + String.join(", ", AD_TYPES));
        }
    }
}
