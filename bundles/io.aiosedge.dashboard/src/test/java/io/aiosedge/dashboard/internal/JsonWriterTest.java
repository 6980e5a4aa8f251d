package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesNestedContainersWithCommasInTheRightPlaces() {
        String json = new JsonWriter().beginObject().member("a", 1).name("b").beginArray().value(1).value("x")
                .beginObject().endObject().beginArray().endArray().nullValue().endArray().member("c", true)
                .name("d").beginObject().member("e", 2.5).endObject().endObject().toJson();
        assertThat(json).isEqualTo("{\"a\":1,\"b\":[1,\"x\",{},[],null],\"c\":true,\"d\":{\"e\":2.5}}");
        assertThat(TestJson.parse(json)).isEqualTo(Map.of("a", 1.0, "b", java.util.Arrays.asList(1.0, "x", Map.of(),
                List.of(), null), "c", true, "d", Map.of("e", 2.5)));
    }

    @Test
    void numbersJsonCannotHoldAreNull() {
        String json = new JsonWriter().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY)
                .value(Double.NEGATIVE_INFINITY).value(3.0).value(-0.125).value(1e20).value(Long.MIN_VALUE).endArray()
                .toJson();
        assertThat(json).isEqualTo("[null,null,null,3,-0.125,1.0E20," + Long.MIN_VALUE + "]");
        assertThat(TestJson.parse(json)).isNotNull();
    }

    @Test
    void escapesForJsonAndAgainstMarkup() {
        String hostile = "</script><img src=x onerror='alert(1)'>&\"\\\n\t\u0001\u2028";
        String json = new JsonWriter().beginObject().member("id", hostile).endObject().toJson();
        assertThat(json).doesNotContain("<", ">", "&", "'", "=", "\n", "\u2028")
                .contains("\\u003c/script\\u003e", "\\u0026", "\\u0027", "\\u003d", "\\\"", "\\\\", "\\n", "\\t",
                        "\\u0001",
                        "\\u2028");
        assertThat(TestJson.object(TestJson.parse(json))).containsEntry("id", hostile);
    }

    @Test
    void membersNeedNamesAndContainersMustMatch() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().endArray()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().name("x").endObject())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toJson()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not complete");
        assertThatThrownBy(() -> new JsonWriter().value(1).value(2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().toJson()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not complete");
    }
}
