package org.strata.patching.repo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.patch.RepositoryPackage;

/** {@link FlatAptRepositories}' own rules, on packages dpkg-deb built (apt's view is AptJudgesLocalRepositoryTest's). */
public class FlatAptRepositoriesTest {

    private static final String REPO = "fixes";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path work;
    private FlatAptRepositories repositories;

    @Before
    public void make() {
        work = temp.getRoot().toPath();
        repositories = new FlatAptRepositories(work.resolve("repositories"), Clock.systemUTC());
    }

    @Test
    public void aFileLeftBehindUnindexedIsReplacedByItsUpload() throws Exception {
        Path deb = Debs.build(work, "strata-test-hello", "1.0-1", "xz");
        Files.createDirectories(repositories.folder(REPO));
        Files.writeString(repositories.folder(REPO).resolve("strata-test-hello_1.0-1_all.deb"), "half a file");

        RepositoryPackage p;
        try (InputStream in = Files.newInputStream(deb)) {
            p = repositories.add(REPO, in);
        }
        assertEquals(List.of(p), repositories.list(REPO));
        assertEquals(Files.size(deb), Files.size(repositories.folder(REPO).resolve(p.fileName())));
    }

    @Test
    public void anUploadThatBreaksOffIsInvalidAndLeavesNothing() throws Exception {
        byte[] deb = Files.readAllBytes(Debs.build(work, "strata-test-hello", "1.0-1", "xz"));
        InputStream breaking = new InputStream() {
            private int read;

            @Override
            public int read() throws IOException {
                if (read == deb.length / 2) {
                    throw new IOException("connection reset");
                }
                return deb[read++] & 0xff;
            }
        };
        StrataException e = assertThrows(StrataException.class, () -> repositories.add(REPO, breaking));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("broke off"));
        try (Stream<Path> left = Files.list(repositories.folder(REPO))) {
            assertEquals(List.of(), left.toList());
        }
        assertEquals(List.of(), repositories.list(REPO));
    }

    @Test
    public void uploadsAtTheSameTimeAllReachTheIndex() throws Exception {
        List<Path> debs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            debs.add(Debs.build(work, "strata-test-p" + i, "1.0-" + i, "xz"));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<RepositoryPackage>> added = new java.util.ArrayList<>();
            for (Path deb : debs) {
                added.add(pool.submit(() -> {
                    go.await();
                    try (InputStream in = Files.newInputStream(deb)) {
                        return repositories.add(REPO, in);
                    }
                }));
            }
            go.countDown();
            List<RepositoryPackage> expected = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<RepositoryPackage> f : added) {
                expected.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(expected, repositories.list(REPO));
            String index = Files.readString(repositories.folder(REPO).resolve(FlatAptRepositories.PACKAGES));
            for (RepositoryPackage p : expected) {
                assertTrue(
                        index,
                        index.contains(
                                "Filename: ./" + p.fileName() + "\nSize: " + p.size() + "\nSHA256: " + p.sha256()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void idsAndFileNamesAreNeverPaths() {
        for (String id : new String[] {"..", ".", "a/b", "", "x".repeat(65), ".hidden"}) {
            assertEquals(
                    id,
                    ErrorCode.INVALID_INPUT,
                    assertThrows(StrataException.class, () -> repositories.folder(id))
                            .code());
            assertTrue(id, repositories.servable(id, "Release").isEmpty());
        }
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> repositories.remove(REPO, "../Release"))
                        .code());
        repositories.delete(REPO); // none: nothing to do
    }
}
