package dev.mako.blas;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OpenBlasLocatorTest {
    @TempDir
    Path tmp;

    /**
     * The facade must locate its library before a test here maps the bundled copy from a temporary
     * folder: the dynamic linker would otherwise answer a later load by name with that copy.
     */
    @BeforeAll
    static void facadeFirst() {
        OpenBlas.isAvailable();
    }

    private BlasSettings settings(Map<String, String> env) {
        return BlasSettings.from(env, Map.of("user.home", tmp.toString()));
    }

    @Test
    void aMissingExplicitPathIsAnErrorNamingIt() {
        Path missing = tmp.resolve("nowhere/libopenblas.so.0");
        var e = assertThrows(BlasLoadException.class,
                () -> OpenBlasLocator.locate(settings(Map.of("MAKO_BLAS_PATH", missing.toString()))));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void anExplicitPathThatIsNotALibraryIsAnErrorNamingIt() throws IOException {
        Path notALibrary = Files.writeString(tmp.resolve("libopenblas.so.0"), "not an ELF file");
        var e = assertThrows(BlasLoadException.class,
                () -> OpenBlasLocator.locate(settings(Map.of("MAKO_BLAS_PATH", notALibrary.toString()))));
        assertTrue(e.getMessage().contains(notALibrary.toString()), e.getMessage());
    }

    @Test
    void anExplicitPathToAnotherLibraryIsAnErrorNamingTheMissingSymbol() {
        Path libm = Path.of("/lib/x86_64-linux-gnu/libm.so.6");
        assumeTrue(Files.isRegularFile(libm), "no " + libm + " here");
        var e = assertThrows(BlasLoadException.class, () -> OpenBlasLocator.locate(settings(Map.of("MAKO_BLAS_PATH", libm.toString()))));
        assertTrue(e.getMessage().contains(libm.toString()) && e.getMessage().contains("cblas_sgemm"), e.getMessage());
    }

    @Test
    void javaModeLoadsNothingEvenWithABadPath() {
        BlasLibrary none = OpenBlasLocator.locate(settings(Map.of("MAKO_BLAS", "java", "MAKO_BLAS_PATH", "/no/such/lib.so")));
        assertEquals(LibrarySource.NONE, none.source());
        assertFalse(none.isLoaded());
        assertTrue(none.why().contains("MAKO_BLAS=java"), none.why());
        assertFalse(Files.exists(tmp.resolve(".cache")), "java mode must not extract anything");
    }

    @Test
    void autoFindsTheSameLibraryTheFacadeUses() {
        assumeTrue(OpenBlas.isAvailable(), "no OpenBLAS on this machine");
        BlasLibrary found = OpenBlasLocator.locate(BlasSettings.fromEnvironment());
        assertTrue(found.isLoaded());
        assertEquals(OpenBlas.library().location(), found.location());
        assertTrue(found.symbols().orElseThrow().find("openblas_get_config").isPresent());
    }

    @Test
    void anExplicitPathToARealLibraryIsUsed() {
        assumeTrue(OpenBlas.isAvailable() && OpenBlas.library().location().startsWith("/"), "no OpenBLAS file on this machine");
        BlasLibrary explicit = OpenBlasLocator.locate(settings(Map.of("MAKO_BLAS_PATH", OpenBlas.library().location())));
        assertEquals(LibrarySource.EXPLICIT_PATH, explicit.source());
        assertTrue(explicit.symbols().orElseThrow().find("cblas_sgemm").isPresent());
    }

    @Test
    void withoutASystemLibraryTheBundledCopyIsExtractedAndLoaded() throws Throwable {
        assumeTrue(BundledOpenBlas.isPresent(), "no bundled OpenBLAS for this platform");
        BlasLibrary found = OpenBlasLocator.locate(settings(Map.of()), false);
        assertEquals(LibrarySource.BUNDLED, found.source());
        Path expected = tmp.resolve(".cache/mako/openblas").resolve(BundledOpenBlas.version()).resolve("libopenblas.so.0");
        assertEquals(expected.toString(), found.location());
        // A real, working library: ask it for its configuration.
        var config = Linker.nativeLinker().downcallHandle(found.symbols().orElseThrow().find("openblas_get_config").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        String text = ((MemorySegment) config.invokeExact()).reinterpret(256).getString(0);
        assertTrue(text.startsWith("OpenBLAS " + BundledOpenBlas.version().split("-")[0]), text);
    }

    @Test
    void forcingOpenBlasWithNothingToLoadIsAnError() {
        assumeTrue(!BundledOpenBlas.isPresent(), "the bundled copy is always there on this platform");
        var e = assertThrows(BlasLoadException.class, () -> OpenBlasLocator.locate(settings(Map.of("MAKO_BLAS", "openblas")), false));
        assertTrue(e.getMessage().contains("MAKO_BLAS=openblas"), e.getMessage());
    }
}
