package dev.mako.data;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads the published gzip files from one mirror (a base URL). Fails fast where the network
 * is absent: a short connect timeout, a timeout for the response to start, and a stall timeout
 * while the body arrives (no new bytes for that long aborts the transfer).
 */
public final class HttpMirror implements RemoteSource {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(15);

    private final String baseUrl;
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration stallTimeout;

    public HttpMirror(String baseUrl) {
        this(baseUrl, CONNECT_TIMEOUT, RESPONSE_TIMEOUT, STALL_TIMEOUT);
    }

    public HttpMirror(String baseUrl, Duration connectTimeout, Duration responseTimeout, Duration stallTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public String describe() {
        return "mirror " + baseUrl;
    }

    @Override
    public String fetch(DatasetSpec spec, List<DataFile> files, DataCache cache) throws IOException {
        long bytes = 0;
        for (DataFile f : files) {
            Path temp = cache.newTempFile(spec, f.gzipName());
            try {
                download(URI.create(baseUrl + f.gzipName()), temp);
                bytes += Files.size(temp);
                cache.commit(spec, f, temp, true);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return files.size() + " files downloaded (" + bytes / 1000 + " kB) and verified";
    }

    private void download(URI uri, Path temp) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(responseTimeout).GET().build();
        CompletableFuture<HttpResponse<Path>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofFile(temp));
        long lastSize = -1;
        long lastProgress = System.nanoTime();
        try {
            while (true) {
                try {
                    HttpResponse<Path> response = pending.get(250, TimeUnit.MILLISECONDS);
                    if (response.statusCode() != 200) throw new IOException(uri + ": HTTP " + response.statusCode());
                    return;
                } catch (TimeoutException stillRunning) {
                    long size = Files.size(temp);
                    if (size != lastSize) {
                        lastSize = size;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                        throw new IOException(uri + ": no data for " + stallTimeout.toSeconds() + " s after " + size + " bytes");
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IOException(uri + ": " + reason(e.getCause(), uri), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(uri + ": interrupted", e);
        } catch (CancellationException e) {
            throw new IOException(uri + ": cancelled", e);
        } finally {
            // Aborts the exchange if it is still running (a stall, an interrupt).
            pending.cancel(true);
        }
    }

    /** The most telling message of an exception chain, e.g. "cannot resolve host example.org". */
    private String reason(Throwable t, URI uri) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof UnresolvedAddressException) return "cannot resolve host " + uri.getHost();
        if (t instanceof HttpConnectTimeoutException) return "no connection within " + connectTimeout.toMillis() / 1000.0 + " s";
        if (t instanceof ConnectException && t.getMessage() == null) return "connection refused by " + uri.getHost();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) return c.getClass().getSimpleName() + ": " + c.getMessage();
        }
        return t.getClass().getSimpleName();
    }
}
