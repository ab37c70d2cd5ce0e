package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResultTableTest {
    @Test
    void padsColumnsLeftAlignsTextAndRightAlignsNumbers() {
        String text = new ResultTable("system", "batch", "s/epoch", "ratio")
                .add("mako", "32", "0.351*", "-")
                .add("pytorch", "512", "12.5", "2.18x")
                .format();
        assertEquals("""
                system   batch  s/epoch  ratio
                mako        32   0.351*      -
                pytorch    512     12.5  2.18x
                """, text);
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ResultTable("a", "b").add("1"));
        assertEquals("row has 1 cells, the table 2 columns", e.getMessage());
    }
}
