package dev.mako.blas;

import java.lang.foreign.SymbolLookup;
import java.util.Optional;

/**
 * The outcome of looking for OpenBLAS: a loaded library (its symbols, where it is, why it was
 * chosen) or none, with the reason the Java kernels serve everything instead.
 *
 * @param source   where the library came from, {@link LibrarySource#NONE} when there is none
 * @param location the file loaded (or the name given to the dynamic linker); empty for none
 * @param symbols  the library's symbols; empty for none
 * @param why      one sentence: why this choice
 */
public record BlasLibrary(LibrarySource source, String location, Optional<SymbolLookup> symbols, String why) {

    static BlasLibrary loaded(LibrarySource source, String location, SymbolLookup symbols, String why) {
        return new BlasLibrary(source, location, Optional.of(symbols), why);
    }

    static BlasLibrary none(String why) {
        return new BlasLibrary(LibrarySource.NONE, "", Optional.empty(), why);
    }

    public boolean isLoaded() {
        return symbols.isPresent();
    }
}
