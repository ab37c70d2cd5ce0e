package dev.mako.zoo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every recipe by name. */
public final class Recipes {
    private Recipes() {}

    public static Map<String, Recipe> all() {
        Map<String, Recipe> m = new LinkedHashMap<>();
        add(m, new MnistMlp());
        add(m, new MnistCnn());
        add(m, new MnistLeNet());
        add(m, new MnistRnn());
        add(m, new MnistLstm());
        return m;
    }

    private static void add(Map<String, Recipe> m, Recipe r) {
        m.put(r.name(), r);
    }

    public static Recipe byName(String name) {
        Recipe r = all().get(name);
        if (r == null) throw new IllegalArgumentException("unknown model '" + name + "'; available: " + String.join(", ", all().keySet()));
        return r;
    }
}
