package dev.mako.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer and parser for configuration and file headers.
 *
 * <p>Values map to Java as: object ↔ {@code Map<String, Object>} (a {@link LinkedHashMap}, key
 * order kept), array ↔ {@code List<Object>}, string ↔ {@code String}, number ↔ {@code Long} when
 * it is an integer that fits, else {@code Double}, {@code true}/{@code false} ↔ {@code Boolean},
 * {@code null} ↔ {@code null}. The writer also takes any {@code Number}, {@code int[]},
 * {@code long[]}, {@code float[]}, {@code double[]} and enums (by name).
 */
public final class Json {
    /** Deeper nesting than this is refused, so a hostile file cannot overflow the stack. */
    static final int MAX_DEPTH = 256;

    private Json() {}

    /** Compact JSON, no spaces. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        writeValue(sb, value, -1, 0);
        return sb.toString();
    }

    /** Indented JSON (two spaces), for files people read. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        writeValue(sb, value, 2, 0);
        return sb.append('\n').toString();
    }

    /** Parses one JSON value; anything but whitespace after it is an error. */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error("unexpected '" + text.charAt(p.pos) + "' after the JSON value");
        return v;
    }

    /** Parses a JSON object; an error if the text holds another kind of value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) throw new JsonException("expected a JSON object, got " + describe(v), 0);
        return (Map<String, Object>) v;
    }

    static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        if (v instanceof String) return "a string";
        if (v instanceof Boolean) return "a boolean";
        return "a number";
    }

    // ---- writing ------------------------------------------------------------------------------

    private static void writeValue(StringBuilder sb, Object v, int indent, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH + " levels");
        switch (v) {
            case null -> sb.append("null");
            case String s -> writeString(sb, s);
            case Boolean b -> sb.append(b);
            case Float f -> writeFloating(sb, f.doubleValue(), Float.toString(f));
            case Double d -> writeFloating(sb, d, Double.toString(d));
            case Integer i -> sb.append(i.intValue());
            case Long l -> sb.append(l.longValue());
            case Short i -> sb.append(i.shortValue());
            case Byte i -> sb.append(i.byteValue());
            case Number n -> sb.append(n); // BigInteger, BigDecimal: their text is valid JSON
            case Enum<?> e -> writeString(sb, e.name());
            case Map<?, ?> m -> writeObject(sb, m, indent, depth);
            case List<?> l -> writeArray(sb, l, indent, depth);
            case int[] a -> writeArray(sb, boxed(a), indent, depth);
            case long[] a -> writeArray(sb, boxed(a), indent, depth);
            case float[] a -> writeArray(sb, boxed(a), indent, depth);
            case double[] a -> writeArray(sb, boxed(a), indent, depth);
            case Object[] a -> writeArray(sb, Arrays.asList(a), indent, depth);
            default -> throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON: " + v);
        }
    }

    private static void writeFloating(StringBuilder sb, double d, String javaText) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no representation for " + d);
        // Java's shortest round-trip text ("0.1", "1.0E-5") is valid JSON and reads back to the same value.
        sb.append(javaText);
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> m, int indent, int depth) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
            }
            if (!first) sb.append(',');
            first = false;
            newline(sb, indent, depth + 1);
            writeString(sb, key);
            sb.append(indent >= 0 ? ": " : ":");
            writeValue(sb, e.getValue(), indent, depth + 1);
        }
        newline(sb, indent, depth);
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, List<?> l, int indent, int depth) {
        if (l.isEmpty()) {
            sb.append("[]");
            return;
        }
        // Arrays of plain numbers (shapes, offsets) stay on one line even when pretty-printing.
        boolean flat = indent < 0 || l.stream().allMatch(x -> x instanceof Number);
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) sb.append(flat && indent >= 0 ? ", " : ",");
            if (!flat) newline(sb, indent, depth + 1);
            writeValue(sb, l.get(i), indent, depth + 1);
        }
        if (!flat) newline(sb, indent, depth);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        if (indent < 0) return;
        sb.append('\n');
        sb.repeat(' ', indent * depth);
    }

    static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static List<Object> boxed(int[] a) {
        List<Object> l = new ArrayList<>(a.length);
        for (int x : a) l.add(x);
        return l;
    }

    private static List<Object> boxed(long[] a) {
        List<Object> l = new ArrayList<>(a.length);
        for (long x : a) l.add(x);
        return l;
    }

    private static List<Object> boxed(float[] a) {
        List<Object> l = new ArrayList<>(a.length);
        for (float x : a) l.add(x);
        return l;
    }

    private static List<Object> boxed(double[] a) {
        List<Object> l = new ArrayList<>(a.length);
        for (double x : a) l.add(x);
        return l;
    }

    // ---- parsing ------------------------------------------------------------------------------

    /** Thrown on malformed JSON; {@link #offset()} is the character position of the problem. */
    public static final class JsonException extends IllegalArgumentException {
        private final int offset;

        JsonException(String message, int offset) {
            super(message + " at character " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        JsonException error(String message) {
            return new JsonException(message, pos);
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
                pos++;
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
            if (pos >= s.length()) throw error("unexpected end of JSON");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw error("unexpected '" + c + "'");
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) throw error("unexpected '" + s.charAt(pos) + "'");
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            pos++; // '{'
            Map<String, Object> m = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') throw error("expected a string key");
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object v = value(depth + 1);
                if (m.containsKey(key)) throw new JsonException("duplicate key \"" + key + "\"", keyAt);
                m.put(key, v);
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') return m;
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}' in object");
                }
            }
        }

        private List<Object> array(int depth) {
            pos++; // '['
            List<Object> l = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return l;
            }
            while (true) {
                skipWhitespace();
                l.add(value(depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') return l;
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in array");
                }
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) throw error("unterminated string");
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) throw error("control character in string");
                if (c == '\\') {
                    if (sb == null) sb = new StringBuilder();
                    sb.append(s, start, pos);
                    pos++;
                    if (pos >= s.length()) throw error("unterminated escape");
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            if (pos + 4 > s.length()) throw error("truncated \\u escape");
                            int cp = 0;
                            for (int i = 0; i < 4; i++) {
                                int d = Character.digit(s.charAt(pos + i), 16);
                                if (d < 0) throw error("bad \\u escape");
                                cp = cp * 16 + d;
                            }
                            pos += 4;
                            sb.append((char) cp);
                        }
                        default -> {
                            pos--;
                            throw error("bad escape '\\" + e + "'");
                        }
                    }
                    start = pos;
                } else {
                    pos++;
                }
            }
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) pos++;
            } else {
                throw error("bad number");
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) throw error("bad number: digit expected after '.'");
                while (isDigit(peek())) pos++;
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw error("bad number: digit expected in exponent");
                while (isDigit(peek())) pos++;
            }
            String text = s.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooLarge) {
                    return Double.parseDouble(text);
                }
            }
            return Double.parseDouble(text);
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
