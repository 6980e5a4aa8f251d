package io.aiosedge.dashboard.internal;

import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;

/**
 * The tests' reader of data.json: Gson in strict mode (objects as maps, arrays as lists, numbers as doubles), what
 * the page's {@code response.json()} would accept.
 */
final class TestJson {

    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    private TestJson() {
    }

    static Object parse(String text) {
        return GSON.fromJson(text, Object.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        return (List<Object>) value;
    }
}
