package io.aiosedge.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an OSGi manifest header such as Import-Package into clauses. The grammar is
 * {@code clause (',' clause)*} with {@code clause ::= path (';' path)* (';' parameter)*}; parameters are
 * attributes ({@code name=value}) or directives ({@code name:=value}), and a quoted value may contain
 * commas and semicolons, as a version range does.
 */
final class ManifestHeader {

    /**
     * One clause of a header.
     *
     * @param paths the package names or paths the parameters apply to
     * @param attributes attribute values without quotes, by name (a typed name such as
     *     {@code version:Version} is stored under {@code version})
     * @param directives directive values without quotes, by name
     */
    record Clause(List<String> paths, Map<String, String> attributes, Map<String, String> directives) {
    }

    private ManifestHeader() {
    }

    /**
     * Parses a header value; null or blank yields no clauses.
     *
     * @throws IllegalArgumentException when a quote is not closed or a parameter has no name
     */
    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null) {
            return clauses;
        }
        for (String clauseText : split(header, ',')) {
            if (!clauseText.isBlank()) {
                clauses.add(parseClause(clauseText));
            }
        }
        return clauses;
    }

    private static Clause parseClause(String text) {
        List<String> paths = new ArrayList<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> directives = new LinkedHashMap<>();
        for (String part : split(text, ';')) {
            int equals = indexOutsideQuotes(part, '=');
            if (equals < 0) {
                if (!part.isBlank()) {
                    paths.add(unquote(part.trim()));
                }
                continue;
            }
            boolean directive = equals > 0 && part.charAt(equals - 1) == ':';
            String name = part.substring(0, directive ? equals - 1 : equals).trim();
            String value = unquote(part.substring(equals + 1).trim());
            if (name.isEmpty()) {
                throw new IllegalArgumentException("parameter without a name in '" + text.trim() + "'");
            }
            if (directive) {
                directives.put(name, value);
            } else {
                int colon = name.indexOf(':');
                attributes.put(colon < 0 ? name : name.substring(0, colon).trim(), value);
            }
        }
        return new Clause(List.copyOf(paths), attributes, directives);
    }

    /** Splits at every separator that is not inside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quoted) {
            throw new IllegalArgumentException("unclosed quote in '" + text.trim() + "'");
        }
        parts.add(current.toString());
        return parts;
    }

    private static int indexOutsideQuotes(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder plain = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            plain.append(c);
        }
        return plain.toString();
    }
}
