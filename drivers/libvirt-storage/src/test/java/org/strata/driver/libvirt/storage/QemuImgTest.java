package org.strata.driver.libvirt.storage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/** The real qemu-img (Debian qemu-utils) on small files: detection, conversion with progress, failures. */
public class QemuImgTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final QemuImg qemuImg = new QemuImg("qemu-img");

    @Before
    public void qemuImgIsInstalled() {
        assumeTrue("qemu-img (Debian qemu-utils) is not installed", Files.isExecutable(Path.of("/usr/bin/qemu-img")));
    }

    static byte[] pattern(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(String.join(" ", command) + ": " + out, 0, p.waitFor());
    }

    @Test
    public void detectsAVmdkAndItsSize() throws Exception {
        Path vmdk = folder.getRoot().toPath().resolve("disk.vmdk");
        run("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), "3M");
        ImageInfo info = qemuImg.info(vmdk, null);
        assertEquals("vmdk", info.format());
        assertEquals(3 * 1024 * 1024, info.virtualSize());
        assertNull(info.backingFile());
        assertEquals(List.of(vmdk.toString()), info.extents());
    }

    @Test
    public void convertsWithRisingProgressEndingAtOneHundredAndKeepsTheBytes() throws Exception {
        byte[] data = pattern(2 * 1024 * 1024, 42);
        Path raw = folder.getRoot().toPath().resolve("data.raw");
        Files.write(raw, data);
        Path vhdx = folder.getRoot().toPath().resolve("data.vhdx");
        List<Integer> seen = new ArrayList<>();
        qemuImg.convert(raw, "raw", vhdx, "vhdx", seen::add);
        assertEquals("vhdx", qemuImg.info(vhdx, null).format());
        assertEquals(Integer.valueOf(100), seen.get(seen.size() - 1));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.toString(), seen.get(i) > seen.get(i - 1));
        }
        Path back = folder.getRoot().toPath().resolve("back.raw");
        qemuImg.convert(vhdx, "vhdx", back, "raw", null);
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    public void aFailedConversionCarriesQemuImgsMessage() throws Exception {
        Path notVmdk = folder.newFile("garbage.vmdk").toPath();
        Files.write(notVmdk, pattern(4096, 7));
        DriverException e = assertThrows(
                DriverException.class,
                () -> qemuImg.convert(notVmdk, "vmdk", folder.getRoot().toPath().resolve("out"), "qcow2", null));
        assertEquals(Fault.DRIVER_FAILURE, e.fault());
        assertTrue(
                e.getMessage(),
                e.getMessage().contains("qemu-img could not convert")
                        && e.getMessage().contains("vmdk"));
        DriverException info = assertThrows(DriverException.class, () -> qemuImg.info(notVmdk, "vmdk"));
        assertEquals(Fault.DRIVER_FAILURE, info.fault());
    }

    @Test
    public void aListenerThatThrowsStopsQemuImg() throws Exception {
        Path raw = folder.getRoot().toPath().resolve("big.raw");
        Files.write(raw, pattern(32 * 1024 * 1024, 1));
        Path target = folder.getRoot().toPath().resolve("big.qcow2");
        IllegalStateException stop = new IllegalStateException("operator cancelled");
        assertEquals(
                stop,
                assertThrows(
                        IllegalStateException.class,
                        () -> qemuImg.convert(raw, "raw", target, "qcow2", p -> {
                            throw stop;
                        })));
        // Killed, it is gone within moments; a qemu-img left running would still hold the file open.
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            assertFalse(child.onExit().get(10, TimeUnit.SECONDS).isAlive());
        }
    }

    @Test
    public void aMissingQemuImgNamesTheDebianPackage() {
        QemuImg missing = new QemuImg(folder.getRoot() + "/no-such-qemu-img");
        DriverException e = assertThrows(DriverException.class, () -> missing.info(Path.of("/etc/hostname"), null));
        assertEquals(Fault.DRIVER_FAILURE, e.fault());
        assertTrue(e.getMessage(), e.getMessage().contains("qemu-utils"));
    }

    @Test
    public void readsInfoJsonWithBackingFiles() {
        ImageInfo info = QemuImg.parseInfo("""
                {"virtual-size": 1073741824, "filename": "top.qcow2", "format": "qcow2",
                 "backing-filename": "base.qcow2", "full-backing-filename": "/images/base.qcow2",
                 "format-specific": {"type": "qcow2", "data": {"compat": "1.1", "lazy-refcounts": false}},
                 "dirty-flag": false, "note": "a \\"quoted\\" \\u00e9"}
                """);
        assertEquals(new ImageInfo("qcow2", 1073741824L, "base.qcow2", List.of()), info);
        assertEquals(
                Fault.DRIVER_FAILURE,
                assertThrows(DriverException.class, () -> QemuImg.parseInfo("{\"virtual-size\": 1"))
                        .fault());
        assertEquals(
                Fault.DRIVER_FAILURE,
                assertThrows(DriverException.class, () -> QemuImg.parseInfo("[1, 2.5e3, true, null]"))
                        .fault());
    }

    @Test
    public void readsSnapshotsOldestFirstAndTheirDates() {
        List<QemuImg.Snapshot> snapshots = QemuImg.parseSnapshots("""
                {"snapshots": [
                  {"icount": 0, "name": "later", "date-sec": 1796544700, "date-nsec": 5, "id": "10", "vm-state-size": 0},
                  {"icount": 0, "name": "first", "date-sec": 1796544606, "date-nsec": 137488000, "id": "2"},
                  {"icount": 0, "name": "same-second", "date-sec": 1796544700, "date-nsec": 5, "id": "9"}],
                 "virtual-size": 1048576, "filename": "a.qcow2", "format": "qcow2",
                 "format-specific": {"type": "qcow2", "data": {"bitmaps": [{"name": "not-a-snapshot", "flags": []}]}}}
                """);
        assertEquals(
                List.of("first", "same-second", "later"),
                snapshots.stream().map(QemuImg.Snapshot::name).toList());
        assertEquals(
                java.time.Instant.ofEpochSecond(1796544606, 137488000),
                snapshots.get(0).created());
        assertEquals(List.of(), QemuImg.parseSnapshots("{\"format\": \"qcow2\", \"virtual-size\": 1}"));
    }
}
