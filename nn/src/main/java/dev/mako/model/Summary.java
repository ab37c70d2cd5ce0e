package dev.mako.model;

import dev.mako.layers.InputLayer;
import dev.mako.layers.Layer;
import java.util.List;
import java.util.Locale;

/** The Keras 3 {@code summary()} table: layer (type), output shape, parameter count, totals. */
final class Summary {
    private static final int NAME = 33, SHAPE = 24, PARAMS = 15;

    private Summary() {}

    static String format(String modelName, List<Layer> layers) {
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(modelName).append("\"\n");
        sb.append(line('┏', '━', '┳', '┓'));
        sb.append(row('┃', "Layer (type)", "Output Shape", "Param #"));
        sb.append(line('┡', '━', '╇', '┩'));
        long total = 0, trainable = 0;
        boolean first = true;
        for (Layer l : layers) {
            if (l instanceof InputLayer) continue;
            if (!first) sb.append(line('├', '─', '┼', '┤'));
            first = false;
            sb.append(row('│', l.name() + " (" + l.type() + ")", shape(l.outputShape()), String.format(Locale.ROOT, "%,d", l.paramCount())));
            total += l.paramCount();
            trainable += l.trainableParamCount();
        }
        sb.append(line('└', '─', '┴', '┘'));
        sb.append(" Total params: ").append(count(total)).append('\n');
        sb.append(" Trainable params: ").append(count(trainable)).append('\n');
        sb.append(" Non-trainable params: ").append(count(total - trainable)).append('\n');
        return sb.toString();
    }

    /** "(None, 26, 26, 32)": the batch dimension is unknown. */
    static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : dims) sb.append(", ").append(d);
        return sb.append(')').toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d (%s)", n, bytes(n * 4));
    }

    static String bytes(long b) {
        if (b < 1024) return String.format(Locale.ROOT, "%.2f B", (double) b);
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.2f KB", b / 1024.0);
        if (b < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.2f MB", b / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GB", b / (1024.0 * 1024 * 1024));
    }

    private static String line(char left, char fill, char mid, char right) {
        return left + String.valueOf(fill).repeat(NAME) + mid + String.valueOf(fill).repeat(SHAPE) + mid
                + String.valueOf(fill).repeat(PARAMS) + right + "\n";
    }

    /** One table row; a name too long for its column wraps at spaces onto further lines, as Keras does. */
    private static String row(char bar, String name, String shape, String params) {
        List<String> names = wrap(name, NAME - 2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(bar).append(' ').append(pad(names.get(i), NAME - 2)).append(' ').append(bar).append(' ')
                    .append(pad(i == 0 ? shape : "", SHAPE - 2)).append(' ').append(bar).append(' ')
                    .append(padLeft(i == 0 ? params : "", PARAMS - 2)).append(' ').append(bar).append('\n');
        }
        return sb.toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) { // a single word longer than the column is cut
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        if (!line.isEmpty() || lines.isEmpty()) lines.add(line.toString());
        return lines;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s.substring(0, w) : s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }
}
