package dev.mako.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTest {
    @Test
    void noVsMeansNoPeer() {
        assertEquals(List.of(), Peer.parse(List.of()));
    }

    @Test
    void repeatedAndCommaSeparatedValuesNameTheSamePeersInOrderOnce() {
        assertEquals(List.of(Peer.DL4J), Peer.parse(List.of("dl4j")));
        assertEquals(List.of(Peer.PYTORCH, Peer.DL4J), Peer.parse(List.of("pytorch", "dl4j")));
        assertEquals(List.of(Peer.PYTORCH, Peer.DL4J), Peer.parse(List.of("pytorch,dl4j")));
        assertEquals(List.of(Peer.DL4J, Peer.PYTORCH), Peer.parse(List.of("dl4j, pytorch", "dl4j")));
        assertEquals(List.of(Peer.DL4J), Peer.parse(List.of("DL4J")));
    }

    @Test
    void anUnknownPeerIsNamedWithTheAcceptedOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Peer.parse(List.of("pytorch,tensorflow")));
        assertTrue(e.getMessage().contains("'tensorflow'"), e.getMessage());
        assertTrue(e.getMessage().contains("pytorch, dl4j"), e.getMessage());

        var empty = assertThrows(IllegalArgumentException.class, () -> Peer.parse(List.of("dl4j,")));
        assertTrue(empty.getMessage().contains("unknown peer ''"), empty.getMessage());
    }

    @Test
    void eachPeerHasARunnerNamedLikeItsFlag() {
        for (Peer p : Peer.values()) assertEquals(p.flag(), p.runner().system());
    }
}
