package dev.mako.cli;

import dev.mako.parallel.Parallel;
import jdk.incubator.vector.FloatVector;

/** {@code ./mako info}: the JDK, SIMD width, threads and BLAS backend in force. */
final class InfoCommand implements Main.Command {
    @Override
    public String summary() {
        return "print JDK, Vector API, thread and BLAS backend details";
    }

    @Override
    public int run(String[] args) {
        var species = FloatVector.SPECIES_PREFERRED;
        System.out.println("Mako runtime");
        System.out.printf("  JDK            %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        System.out.printf("  Vector API     %s, %d bits, %d floats per vector%n", species, species.vectorBitSize(), species.length());
        System.out.printf("  threads        %d%n", Parallel.threads());
        return 0;
    }
}
