package io.aiosedge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1.2,2)     | 1.2.0       | true",
        "[1.2,2)     | 1.9.9.zzz   | true",
        "[1.2,2)     | 2.0.0       | false",
        "[1.2,2)     | 1.1.9       | false",
        "(1.2,2]     | 1.2.0       | false",
        "(1.2,2]     | 2.0.0       | true",
        "[1.3,2)     | 1.2.0       | false",
        "1.2         | 1.2.0       | true",
        "1.2         | 99.0.0      | true",
        "1.2         | 1.1.9       | false",
        "[1.5.0,1.5.0] | 1.5.0     | true",
        "[1.0.0,1.0.0.a) | 1.0.0   | true"
    })
    void includes(String range, String version, boolean included) {
        assertThat(VersionRange.parse(range).includes(OsgiVersion.parse(version))).isEqualTo(included);
    }

    @Test
    void qualifierSortsAfterTheBareVersion() {
        assertThat(OsgiVersion.parse("1.0.0.beta")).isGreaterThan(OsgiVersion.parse("1.0.0"));
        assertThat(OsgiVersion.parse("1")).isEqualTo(OsgiVersion.parse("1.0.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1.2,2", "1.2,2)", "[1.2;2)", "[2,1)", "[1,2,3)", "1.x", "1..2", "1.2.3.q!"})
    void rejectsMalformedRanges(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionRange.parse(text));
    }

    @Test
    void keepsItsTextForMessages() {
        assertThat(VersionRange.parse("[1.3,2)")).hasToString("[1.3,2)");
    }
}
