package dev.mako.optim;

import java.util.List;
import java.util.Map;

/** Typed reads from a parsed config map, with errors that name the object and the key. */
final class Configs {
    private final String owner;
    private final Map<?, ?> map;

    Configs(String owner, Map<?, ?> map) {
        this.owner = owner;
        this.map = map;
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    double number(String key) {
        Object v = map.get(key);
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + v);
    }

    double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    long integer(String key) {
        Object v = map.get(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new IllegalArgumentException(owner + ": '" + key + "' must be an integer, got " + v);
    }

    long integer(String key, long fallback) {
        return has(key) ? integer(key) : fallback;
    }

    boolean bool(String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(owner + ": '" + key + "' must be true or false, got " + v);
    }

    List<?> list(String key) {
        Object v = map.get(key);
        if (v instanceof List<?> l) return l;
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a list, got " + v);
    }
}
