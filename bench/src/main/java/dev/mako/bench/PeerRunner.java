package dev.mako.bench;

import java.util.List;

/** Runs one peer framework's side of a comparison benchmark in a child process and reads its JSON line. */
public interface PeerRunner {
    /** The system name of this peer's rows: "pytorch", "dl4j". */
    String system();

    /** The framework's name before its version in the report: "torch", "deeplearning4j". */
    String framework();

    /** How the peer's child is set up (BLAS, threads, build), printed once before the runs. */
    String setupLine();

    /**
     * Runs the peer with {@code torch_mnist.py}'s command line ({@code args}, which hold
     * {@code --threads} already; {@code threads} is that count again, for the child's environment).
     * Never throws for a missing or failing peer: the result says what went wrong and how to fix it.
     */
    PeerResult run(List<String> args, int threads);
}
