package dev.mako.bench;

import dev.mako.io.Json;

import java.util.Map;

/** What a peer run gave: its parsed JSON object, or why there is none. */
public record PeerResult(Map<String, Object> json, String problem) {
    public boolean ok() {
        return json != null;
    }

    static PeerResult failed(String problem) {
        return new PeerResult(null, problem);
    }

    /**
     * Turns a finished peer process into a result: a non-zero exit status is a failure quoting the
     * end of stderr; otherwise the last line of stdout must be a JSON object. {@code what} names
     * the run in messages ("PyTorch run", "DL4J run").
     */
    static PeerResult fromOutput(String what, int exit, String stdout, String stderr) {
        if (exit != 0) return failed(what + " failed with exit status " + exit + ": " + ChildProcess.lastLines(stderr, 5));
        String[] lines = stdout.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (!last.startsWith("{")) return failed(what + " printed no JSON result; stdout ended with: " + last);
        try {
            return new PeerResult(Json.parseObject(last), null);
        } catch (IllegalArgumentException e) {
            return failed(what + " printed malformed JSON (" + e.getMessage() + "): " + last);
        }
    }
}
