package dev.mako.io;

import dev.mako.layers.Parameter;
import dev.mako.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a model: its weights as safetensors (dotted names such as
 * {@code dense_1.kernel}, non-trainable state such as batch-norm moving statistics included) and
 * its architecture and optimizer configuration as JSON.
 *
 * <p>Two forms: a single file, with the JSON in the safetensors metadata under {@value #CONFIG_KEY}
 * (any safetensors reader still sees plain tensors), or a folder holding {@value #WEIGHTS_FILE}
 * and {@value #CONFIG_FILE}. Loading detects which form a path is. Loading copies into the
 * model's existing parameters and reports missing, unexpected and differently shaped tensors,
 * strictly (throw, copy nothing) or leniently (copy what matches, return the report).
 */
public final class ModelFile {
    /** Metadata key of the JSON configuration in the single-file form. */
    public static final String CONFIG_KEY = "mako.model";
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "model.json";

    private ModelFile() {}

    /** Saves to one safetensors file with the configuration in its metadata. */
    public static void save(Path file, List<Parameter> parameters, Map<String, Object> config) throws IOException {
        saveTensors(file, stateDict(parameters), config);
    }

    /** Saves named tensors (e.g. parameters plus optimizer state) to one file with the configuration. */
    public static void saveTensors(Path file, Map<String, Tensor> tensors, Map<String, Object> config) throws IOException {
        String json = Json.write(config == null ? Map.of() : config);
        SafeTensors.write(file, tensors, Map.of(CONFIG_KEY, json));
    }

    /**
     * Saves to a folder: {@value #WEIGHTS_FILE} and {@value #CONFIG_FILE}. Each file is replaced
     * atomically; the weights are written first, so a folder never has a configuration newer
     * than its weights.
     */
    public static void saveFolder(Path dir, List<Parameter> parameters, Map<String, Object> config) throws IOException {
        Map<String, Tensor> tensors = stateDict(parameters);
        byte[] json = Json.writePretty(config == null ? Map.of() : config).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS_FILE), tensors, Map.of());
        AtomicFiles.write(dir.resolve(CONFIG_FILE), json);
    }

    /** The configuration saved with a model file or folder. */
    public static Map<String, Object> readConfig(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path json = path.resolve(CONFIG_FILE);
            if (!Files.exists(json)) throw new FileFormatException(path, "model folder has no " + CONFIG_FILE);
            try {
                return Json.parseObject(Files.readString(json, StandardCharsets.UTF_8));
            } catch (Json.JsonException e) {
                throw new FileFormatException(json, "not valid JSON: " + e.getMessage(), e);
            }
        }
        try (SafeTensorsFile f = SafeTensorsFile.open(path)) {
            String json = f.metadata().get(CONFIG_KEY);
            if (json == null) throw new FileFormatException(path, "no model configuration (metadata key '" + CONFIG_KEY + "'); a plain weights file?");
            try {
                return Json.parseObject(json);
            } catch (Json.JsonException e) {
                throw new FileFormatException(path, "metadata '" + CONFIG_KEY + "' is not valid JSON: " + e.getMessage(), e);
            }
        }
    }

    /** Copies the saved weights into {@code parameters} by full name; see {@link #loadTensors}. */
    public static LoadReport loadWeights(Path path, List<Parameter> parameters, boolean strict) throws IOException {
        return loadTensors(path, stateDict(parameters), strict);
    }

    /**
     * Copies the tensors of a model file or folder (or any safetensors file) into {@code targets}
     * by name. Strict: any missing, unexpected or differently shaped tensor throws
     * {@link WeightsMismatchException} before anything is copied. Lenient: every tensor whose name
     * and shape match is copied and the report lists the rest.
     */
    public static LoadReport loadTensors(Path path, Map<String, Tensor> targets, boolean strict) throws IOException {
        Path weights = Files.isDirectory(path) ? path.resolve(WEIGHTS_FILE) : path;
        try (SafeTensorsFile f = SafeTensorsFile.open(weights)) {
            List<String> matched = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> unexpected = new ArrayList<>();
            List<LoadReport.ShapeMismatch> mismatched = new ArrayList<>();
            for (Map.Entry<String, Tensor> t : targets.entrySet()) {
                SafeTensorsFile.Entry e = f.entry(t.getKey());
                if (e == null) {
                    missing.add(t.getKey());
                } else if (!t.getValue().sameShape(e.shape())) {
                    mismatched.add(new LoadReport.ShapeMismatch(t.getKey(), e.shape(), t.getValue().shape()));
                } else {
                    matched.add(t.getKey());
                }
            }
            for (SafeTensorsFile.Entry e : f.entries()) {
                if (!targets.containsKey(e.name())) unexpected.add(e.name());
            }
            boolean complete = missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
            if (strict && !complete) throw new WeightsMismatchException(new LoadReport(weights, List.of(), missing, unexpected, mismatched));
            for (String name : matched) f.copyInto(name, targets.get(name));
            return new LoadReport(weights, matched, missing, unexpected, mismatched);
        }
    }

    /** Parameters by full name, in order; duplicate names are an error. */
    public static Map<String, Tensor> stateDict(List<Parameter> parameters) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (out.put(p.fullName(), p.value()) != null) {
                throw new IllegalArgumentException("two parameters are named '" + p.fullName() + "'; give the layers distinct names");
            }
        }
        return out;
    }
}
