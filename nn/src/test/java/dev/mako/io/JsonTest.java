package dev.mako.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripKeepsKeyOrderAndTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(1.5, -2L, "x\"y\\z\n\u0001é", true, false));
        m.put("n", null);
        m.put("shape", new int[] {784, 128});
        m.put("lr", 1e-3f);
        m.put("nested", Map.of("k", List.of()));
        for (String text : List.of(Json.write(m), Json.writePretty(m))) {
            Map<String, Object> back = Json.parseObject(text);
            assertEquals(List.of("z", "a", "n", "shape", "lr", "nested"), List.copyOf(back.keySet()));
            assertEquals(1L, back.get("z"));
            assertEquals(List.of(1.5, -2L, "x\"y\\z\n\u0001é", true, false), back.get("a"));
            assertTrue(back.containsKey("n") && back.get("n") == null);
            assertEquals(List.of(784L, 128L), back.get("shape"));
            assertEquals(1e-3f, ((Double) back.get("lr")).floatValue());
            assertEquals(Map.of("k", List.of()), back.get("nested"));
        }
    }

    @Test
    void parsesStandardSyntax() {
        assertEquals(List.of(0L, -1L, 2.5e3, 1e-2, "\u00e9/\t"), Json.parse(" [0, -1, 2.5E+3, 1e-2, \"\\u00e9\\/\\t\"] "));
        assertEquals(Double.class, Json.parse("123456789012345678901234567890").getClass());
    }

    @Test
    void errorsGiveTheOffset() {
        for (String bad : List.of("{", "{\"a\" 1}", "[1,]", "{\"a\":1,\"a\":2}", "01", "\"abc", "tru", "[1] x", "{\"a\":1}}")) {
            Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("at character"), e.getMessage());
        }
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThrows(Json.JsonException.class, () -> Json.parse(deep));
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertEquals("[1,2]", Json.write(Arrays.asList(1, 2)));
        assertEquals("[\"a\",null]", Json.write(new Object[] {"a", null}));
    }
}
