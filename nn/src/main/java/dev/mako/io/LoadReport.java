package dev.mako.io;

import dev.mako.tensor.Shapes;
import java.nio.file.Path;
import java.util.List;

/**
 * What loading weights into a model found: the tensors copied, the model's tensors the file
 * lacks, the file's tensors the model lacks, and the names present in both whose shapes differ.
 */
public record LoadReport(Path file, List<String> loaded, List<String> missing, List<String> unexpected, List<ShapeMismatch> mismatched) {

    /** A tensor name present in both with different shapes. */
    public record ShapeMismatch(String name, int[] fileShape, int[] modelShape) {
        @Override
        public String toString() {
            return name + " (file " + Shapes.toString(fileShape) + ", model " + Shapes.toString(modelShape) + ")";
        }
    }

    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** True when every model tensor was found with its shape and the file held nothing else. */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /** One line per kind of problem, or "all N tensors loaded". */
    public String describe() {
        if (isComplete()) return file + ": all " + loaded.size() + " tensors loaded";
        StringBuilder sb = new StringBuilder(file.toString()).append(": ").append(loaded.size()).append(" tensors loaded");
        if (!missing.isEmpty()) sb.append("\n  missing from the file: ").append(String.join(", ", missing));
        if (!unexpected.isEmpty()) sb.append("\n  unexpected in the file: ").append(String.join(", ", unexpected));
        if (!mismatched.isEmpty()) {
            sb.append("\n  shape mismatch: ");
            for (int i = 0; i < mismatched.size(); i++) sb.append(i > 0 ? ", " : "").append(mismatched.get(i));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
