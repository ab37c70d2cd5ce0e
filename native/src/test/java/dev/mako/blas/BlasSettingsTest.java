package dev.mako.blas;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlasSettingsTest {
    private static final Map<String, String> HOME = Map.of("user.home", "/home/u");

    @Test
    void defaultsToAutoWithTheCacheUnderHome() {
        BlasSettings s = BlasSettings.from(Map.of(), HOME);
        assertEquals(BlasMode.AUTO, s.mode());
        assertEquals(Optional.empty(), s.explicitPath());
        assertEquals(Path.of("/home/u/.cache/mako"), s.cacheRoot());
        assertEquals(Optional.empty(), s.coreTypeOverride());
    }

    @Test
    void readsTheEnvironment() {
        BlasSettings s = BlasSettings.from(Map.of("MAKO_BLAS", "Java", "MAKO_BLAS_PATH", "/x/libopenblas.so.0",
                "XDG_CACHE_HOME", "/xdg", "OPENBLAS_CORETYPE", "Haswell"), HOME);
        assertEquals(BlasMode.JAVA, s.mode());
        assertEquals(Optional.of(Path.of("/x/libopenblas.so.0")), s.explicitPath());
        assertEquals(Path.of("/xdg/mako"), s.cacheRoot());
        assertEquals(Optional.of("Haswell"), s.coreTypeOverride());
    }

    @Test
    void propertiesWinOverTheEnvironment() {
        Map<String, String> props = Map.of("user.home", "/home/u", "mako.blas", "openblas", "mako.blas.path", "/p/lib.so");
        BlasSettings s = BlasSettings.from(Map.of("MAKO_BLAS", "java", "MAKO_BLAS_PATH", "/e/lib.so"), props);
        assertEquals(BlasMode.OPENBLAS, s.mode());
        assertEquals(Optional.of(Path.of("/p/lib.so")), s.explicitPath());
    }

    @Test
    void aRelativeXdgCacheHomeIsIgnoredAsTheSpecificationSays() {
        assertEquals(Path.of("/home/u/.cache/mako"), BlasSettings.from(Map.of("XDG_CACHE_HOME", "rel"), HOME).cacheRoot());
    }

    @Test
    void anUnknownModeNamesTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> BlasSettings.from(Map.of("MAKO_BLAS", "mkl"), HOME));
        assertTrue(e.getMessage().contains("'mkl'"), e.getMessage());
    }
}
