package dev.mako.bench.dl4j;

import java.util.List;
import java.util.Map;

/** One JSON object on one line, spaced as Python's {@code json.dumps} spaces it; non-finite numbers become null. */
final class JsonLine {
    private JsonLine() {}

    static String of(Map<String, ?> object) {
        StringBuilder s = new StringBuilder();
        value(s, object);
        return s.toString();
    }

    private static void value(StringBuilder s, Object v) {
        switch (v) {
            case null -> s.append("null");
            case String str -> string(s, str);
            case Double d -> s.append(Double.isFinite(d) ? d.toString() : "null");
            case Number n -> s.append(n);
            case Boolean b -> s.append(b);
            case List<?> list -> {
                s.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) s.append(", ");
                    value(s, list.get(i));
                }
                s.append(']');
            }
            case Map<?, ?> map -> {
                s.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) s.append(", ");
                    first = false;
                    string(s, String.valueOf(e.getKey()));
                    s.append(": ");
                    value(s, e.getValue());
                }
                s.append('}');
            }
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static void string(StringBuilder s, String str) {
        s.append('"');
        for (char c : str.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
                    else s.append(c);
                }
            }
        }
        s.append('"');
    }
}
