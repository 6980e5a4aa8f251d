package io.aiosedge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestHeaderTest {

    @Test
    void quotedRangesKeepTheirCommas() {
        List<ManifestHeader.Clause> clauses = ManifestHeader.parse(
                "org.eclipse.kura.driver;version=\"[1.0,2.0)\",org.slf4j;version=\"[1.7,2)\";resolution:=optional");

        assertThat(clauses).hasSize(2);
        assertThat(clauses.get(0).paths()).containsExactly("org.eclipse.kura.driver");
        assertThat(clauses.get(0).attributes()).containsExactly(Map.entry("version", "[1.0,2.0)"));
        assertThat(clauses.get(1).directives()).containsExactly(Map.entry("resolution", "optional"));
    }

    @Test
    void severalPackagesShareOneClause() {
        ManifestHeader.Clause clause = ManifestHeader.parse("a.b; c.d ;version=1.0;uses:=\"x,y\"").get(0);

        assertThat(clause.paths()).containsExactly("a.b", "c.d");
        assertThat(clause.attributes()).containsEntry("version", "1.0");
        assertThat(clause.directives()).containsEntry("uses", "x,y");
    }

    @Test
    void typedAttributeIsStoredUnderItsName() {
        assertThat(ManifestHeader.parse("a;version:Version=\"1.2\"").get(0).attributes())
                .containsExactly(Map.entry("version", "1.2"));
    }

    @Test
    void escapedQuoteStaysInsideTheValue() {
        assertThat(ManifestHeader.parse("a;note=\"say \\\"hi\\\", then go\"").get(0).attributes())
                .containsEntry("note", "say \"hi\", then go");
    }

    @Test
    void absentOrBlankHeaderHasNoClauses() {
        assertThat(ManifestHeader.parse(null)).isEmpty();
        assertThat(ManifestHeader.parse(" ")).isEmpty();
    }

    @Test
    void rejectsUnclosedQuote() {
        assertThatIllegalArgumentException().isThrownBy(() -> ManifestHeader.parse("a;version=\"[1,2)"))
                .withMessageContaining("unclosed quote");
    }
}
