package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryValueKind() {
        Map<String, Object> o = Json.parseObject(
                " {\"s\":\"a\\\"b\\\\c\\n\\u00e9\",\"i\":-42,\"d\":1.5e2,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}]} ");
        assertThat(o.get("s")).isEqualTo("a\"b\\c\n\u00e9");
        assertThat(o.get("i")).isEqualTo(-42L);
        assertThat(o.get("d")).isEqualTo(150.0);
        assertThat(o.get("t")).isEqualTo(true);
        assertThat(o.get("f")).isEqualTo(false);
        assertThat(o).containsKey("n");
        assertThat(o.get("n")).isNull();
        assertThat(o.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
        assertThat(o.keySet()).containsExactly("s", "i", "d", "t", "f", "n", "a");
    }

    @Test
    void writeThenParseIsTheIdentity() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("text", "quote \" backslash \\ tab \t ctrl \u0001");
        o.put("long", Long.MAX_VALUE);
        o.put("double", 0.25);
        o.put("list", Arrays.asList("x", null, false));
        o.put("nested", Map.of("k", 1L));
        assertThat(Json.parse(Json.write(o))).isEqualTo(o);
    }

    @Test
    void nanIsWrittenAsNull() {
        assertThat(Json.write(Map.of("x", Double.NaN))).isEqualTo("{\"x\":null}");
    }

    @Test
    void malformedInputNamesTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 7");
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("tru")).hasMessageContaining("unexpected token");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object but got an array");
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).hasMessageContaining("nesting");
    }
}
