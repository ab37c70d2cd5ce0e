package dev.mako.blas;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that steers finding and using OpenBLAS, read once from the environment and system
 * properties (a property wins over the environment variable of the same meaning). Tests build
 * one from maps instead, so no subprocess is needed to try another configuration.
 *
 * @param mode             {@code MAKO_BLAS} / {@code -Dmako.blas}
 * @param explicitPath     {@code MAKO_BLAS_PATH} / {@code -Dmako.blas.path}: this library file and no other
 * @param cacheRoot        Mako's per-user cache folder: {@code $XDG_CACHE_HOME/mako} or {@code ~/.cache/mako}
 * @param coreTypeOverride {@code OPENBLAS_CORETYPE} as OpenBLAS itself will read it at load time
 */
public record BlasSettings(BlasMode mode, Optional<Path> explicitPath, Path cacheRoot, Optional<String> coreTypeOverride) {

    public static BlasSettings fromEnvironment() {
        Map<String, String> props = new HashMap<>();
        System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return from(System.getenv(), props);
    }

    public static BlasSettings from(Map<String, String> env, Map<String, String> properties) {
        BlasMode mode = BlasMode.parse(firstSet(properties.get("mako.blas"), env.get("MAKO_BLAS")));
        Optional<Path> explicit = Optional.ofNullable(firstSet(properties.get("mako.blas.path"), env.get("MAKO_BLAS_PATH")))
                .map(Path::of);
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg, "mako")
                : Path.of(properties.getOrDefault("user.home", System.getProperty("user.home")), ".cache", "mako");
        Optional<String> core = Optional.ofNullable(firstSet(env.get("OPENBLAS_CORETYPE"), null));
        return new BlasSettings(mode, explicit, cache, core);
    }

    private static String firstSet(String a, String b) {
        if (a != null && !a.isBlank()) return a.trim();
        if (b != null && !b.isBlank()) return b.trim();
        return null;
    }
}
