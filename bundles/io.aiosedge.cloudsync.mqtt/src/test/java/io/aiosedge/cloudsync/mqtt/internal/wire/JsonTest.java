package io.aiosedge.cloudsync.mqtt.internal.wire;

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
    void malformedInputNamesTheOffsetAndWhatIsWrong() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON at offset 8: Expected name");
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).hasMessageContaining("offset 9: not JSON near 'x'");
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("Unterminated string");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("Unterminated array");
        assertThatThrownBy(() -> Json.parse("tru")).hasMessageContaining("not JSON near 'tr'");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object but got an array");
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).hasMessageContaining("Nesting limit 64");
        assertThatThrownBy(() -> Json.parse("\"a\u0001\"")).hasMessageContaining("Unescaped control characters");
        assertThatThrownBy(() -> Json.parse("99999999999999999999"))
                .hasMessage("malformed JSON at offset 20: integer '99999999999999999999' beyond 64 bits");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("End of input");
    }

    @Test
    void lineBreaksCountTowardsTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\n\"a\": x}")).hasMessageStartingWith("malformed JSON at offset 7:");
    }

    @Test
    void writesCompactlyWithoutHtmlEscaping() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("t", "<a href='x'>&</a>");
        o.put("f", 1.5f);
        o.put(null, List.of());
        o.put("arr", new Object[] {1, "x"});
        assertThat(Json.write(o)).isEqualTo("{\"t\":\"<a href='x'>&</a>\",\"f\":1.5,\"null\":[],\"arr\":[1,\"x\"]}");
    }
}
