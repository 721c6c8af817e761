package org.strata.driver.nfs;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** The driver's reading of {@code qemu-img info --output=json}'s snapshot list, without qemu-img. */
public class QemuImgParsingTest {

    @Test
    public void readsSnapshotsOldestFirstAndNothingElse() {
        List<QemuImg.Snapshot> snapshots = QemuImg.parseSnapshots("""
                {"snapshots": [
                  {"icount": 0, "name": "later", "date-sec": 1796544700, "date-nsec": 5, "id": "10"},
                  {"icount": 0, "name": "fi\\"rst", "date-sec": 1796544606, "date-nsec": 137488000, "id": "2"},
                  {"icount": 0, "name": "same-second", "date-sec": 1796544700, "date-nsec": 5, "id": "9"}],
                 "virtual-size": 1048576, "filename": "nfs://h/e/p/a.qcow2", "format": "qcow2",
                 "format-specific": {"type": "qcow2", "data": {"bitmaps": [{"name": "not-a-snapshot", "flags": []}]}}}
                """);
        assertEquals(
                List.of("fi\"rst", "same-second", "later"),
                snapshots.stream().map(QemuImg.Snapshot::name).toList());
        assertEquals(
                Instant.ofEpochSecond(1796544606, 137488000), snapshots.get(0).created());
        assertEquals(List.of(), QemuImg.parseSnapshots("{\"format\": \"qcow2\", \"virtual-size\": 1}"));
    }
}
