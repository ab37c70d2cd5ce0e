package dev.mako.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mako.model.Predictor;
import dev.mako.model.Sequential;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A saved model behind a tiny HTTP endpoint: load once, one shared {@link Predictor}, any number
 * of concurrent requests. POST the input as whitespace- or comma-separated floats (784 for the
 * MNIST MLP); the answer is the predicted class and the output scores.
 *
 * <pre>
 * ./mako train mnist-mlp --epochs 1 --save /tmp/mlp.mako
 * java ... dev.mako.examples.PredictionService /tmp/mlp.mako 8080
 * curl -s --data-binary @digit.txt http://127.0.0.1:8080/predict
 * </pre>
 */
public final class PredictionService {
    private PredictionService() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PredictionService MODEL_FILE [PORT]   (serves POST http://127.0.0.1:PORT/predict, default port 8080)");
            System.exit(2);
        }
        int port = args.length == 2 ? Integer.parseInt(args[1]) : 8080;
        Sequential model = Sequential.load(Path.of(args[0]));
        Predictor predictor = model.predictor();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/predict", exchange -> handle(exchange, predictor));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            predictor.close();
            model.close();
        }));
        server.start();
        System.out.println("serving " + args[0] + " (" + predictor.inputSize() + " floats in, " + predictor.outputSize()
                + " out) on http://127.0.0.1:" + port + "/predict");
    }

    private static void handle(HttpExchange exchange, Predictor predictor) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, "POST the input floats to /predict\n");
                return;
            }
            float[] in;
            try (InputStream body = exchange.getRequestBody()) {
                in = parse(new String(body.readNBytes(1 << 20), StandardCharsets.US_ASCII), predictor.inputSize());
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, e.getMessage() + "\n");
                return;
            }
            float[] out = new float[predictor.outputSize()];
            predictor.predict(in, out);
            int best = 0;
            for (int i = 1; i < out.length; i++) if (out[i] > out[best]) best = i;
            StringBuilder json = new StringBuilder("{\"class\":").append(best).append(",\"scores\":[");
            for (int i = 0; i < out.length; i++) json.append(i > 0 ? "," : "").append(out[i]);
            reply(exchange, 200, json.append("]}\n").toString());
        }
    }

    /** Exactly {@code size} floats separated by whitespace or commas. */
    static float[] parse(String text, int size) {
        String[] parts = text.trim().split("[\\s,]+");
        if (parts.length != size) throw new IllegalArgumentException("expected " + size + " numbers, got " + (text.isBlank() ? 0 : parts.length));
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            try {
                v[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("value " + (i + 1) + " is not a number: '" + parts[i] + "'");
            }
        }
        return v;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }
}
