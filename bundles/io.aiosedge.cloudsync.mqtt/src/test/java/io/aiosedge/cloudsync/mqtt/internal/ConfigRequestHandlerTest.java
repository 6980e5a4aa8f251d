package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.junit.jupiter.api.Test;

/** A remote config value takes the type the property has; one that cannot is refused, never stored as another type. */
class ConfigRequestHandlerTest {

    @Test
    void scalarsTakeTheTypeOfTheCurrentValue() throws Exception {
        assertThat(ConfigRequestHandler.convert("n", 5L, 2)).isEqualTo(5);
        assertThat(ConfigRequestHandler.convert("n", "7", 2L)).isEqualTo(7L);
        assertThat(ConfigRequestHandler.convert("b", "TRUE", false)).isEqualTo(true);
        assertThat(ConfigRequestHandler.convert("s", 12L, "x")).isEqualTo("12");
        assertThat(ConfigRequestHandler.convert("new", 12L, null)).isEqualTo(12L);
    }

    @Test
    void anArrayPropertyTakesAJsonArrayOrOneValueAndStaysAnArray() throws Exception {
        // Found writing CommandsFuzzTest (which checks it on every accepted PUT): "tags":"x" replaced the String[]
        // by a String, and a JSON array by its text.
        assertThat((String[]) ConfigRequestHandler.convert("tags", "x", new String[] {"a", "b"})).containsExactly("x");
        assertThat((String[]) ConfigRequestHandler.convert("tags", "[\"x\",\"y\"]", new String[0]))
                .containsExactly("x", "y");
        assertThat((Integer[]) ConfigRequestHandler.convert("w", "[1,2,3]", new Integer[] {9})).containsExactly(1, 2, 3);
        assertThat((int[]) ConfigRequestHandler.convert("w", 4L, new int[] {9})).containsExactly(4);
    }

    @Test
    void aValueThatCannotHaveThePropertysTypeIsABadRequest() {
        assertThatThrownBy(() -> ConfigRequestHandler.convert("w", "[1,\"x\"]", new Integer[] {9}))
                .isInstanceOf(KuraException.class).hasMessageContaining("w[1]: 'x' is not a Integer")
                .matches(e -> ((KuraException) e).getCode() == KuraErrorCode.BAD_REQUEST);
        assertThatThrownBy(() -> ConfigRequestHandler.convert("w", "[1,", new Integer[] {9}))
                .isInstanceOf(KuraException.class).hasMessageContaining("is not a JSON array");
        assertThatThrownBy(() -> ConfigRequestHandler.convert("n", "2147483648", 1))
                .isInstanceOf(KuraException.class).hasMessageContaining("is not a Integer");
        assertThatThrownBy(() -> ConfigRequestHandler.convert("c", "ab", 'x'))
                .isInstanceOf(KuraException.class).hasMessageContaining("is not a Character");
    }
}
