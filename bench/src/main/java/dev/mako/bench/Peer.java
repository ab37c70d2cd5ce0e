package dev.mako.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The frameworks a training benchmark can run beside Mako ({@code --vs}). */
public enum Peer {
    PYTORCH("pytorch"),
    DL4J("dl4j");

    private final String flag;

    Peer(String flag) {
        this.flag = flag;
    }

    /** The name on the command line and in the result rows. */
    public String flag() {
        return flag;
    }

    /** A fresh runner for this peer, set up from this build's environment. */
    public PeerRunner runner() {
        return switch (this) {
            case PYTORCH -> TorchRunner.standard();
            case DL4J -> Dl4jRunner.standard();
        };
    }

    /**
     * The peers named by {@code --vs} values, each value one name or several separated by commas
     * ({@code ["pytorch", "dl4j"]} and {@code ["pytorch,dl4j"]} alike), in order, each once.
     * Throws {@link IllegalArgumentException} naming an unknown value and the accepted ones.
     */
    public static List<Peer> parse(List<String> values) {
        List<Peer> peers = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                Peer p = byFlag(part.strip().toLowerCase(Locale.ROOT));
                if (p == null) throw new IllegalArgumentException("--vs: unknown peer '" + part.strip() + "'; accepted: " + accepted()
                        + " (repeat --vs or separate them with commas)");
                if (!peers.contains(p)) peers.add(p);
            }
        }
        return List.copyOf(peers);
    }

    /** "pytorch, dl4j". */
    public static String accepted() {
        return Arrays.stream(values()).map(Peer::flag).collect(Collectors.joining(", "));
    }

    private static Peer byFlag(String flag) {
        for (Peer p : values()) if (p.flag.equals(flag)) return p;
        return null;
    }
}
