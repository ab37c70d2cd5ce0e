package dev.mako.io;

import java.util.List;
import java.util.Map;

/** Typed reads from a parsed config map, with errors that name the object and the key. */
public final class Configs {
    private final String owner;
    private final Map<?, ?> map;

    public Configs(String owner, Map<?, ?> map) {
        this.owner = owner;
        this.map = map;
    }

    public boolean has(String key) {
        return map.get(key) != null;
    }

    public double number(String key) {
        Object v = map.get(key);
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + v);
    }

    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    public long integer(String key) {
        Object v = map.get(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new IllegalArgumentException(owner + ": '" + key + "' must be an integer, got " + v);
    }

    public long integer(String key, long fallback) {
        return has(key) ? integer(key) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(owner + ": '" + key + "' must be true or false, got " + v);
    }

    public List<?> list(String key) {
        Object v = map.get(key);
        if (v instanceof List<?> l) return l;
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a list, got " + v);
    }

    public String string(String key) {
        Object v = map.get(key);
        if (v instanceof String str) return str;
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a string, got " + v);
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    /** A list of integers, e.g. a shape or a kernel size. */
    public int[] ints(String key) {
        List<?> l = list(key);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException(owner + ": '" + key + "' must be a list of integers, got " + l);
            }
            out[i] = n.intValue();
        }
        return out;
    }

    /** A nested object. */
    public Map<?, ?> map(String key) {
        Object v = map.get(key);
        if (v instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException(owner + ": '" + key + "' must be an object, got " + v);
    }
}
