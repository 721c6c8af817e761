package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.newId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsImageSpec;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningState;
import org.strata.api.os.ProvisioningStep;
import org.strata.repository.OsStore;

/** The OS layer's tables (V16) over JDBC; each write one transaction, images and trees with their history entries. */
final class JdbcOsStore implements OsStore {

    static final String IMAGE = "os-image";
    static final String TREE = "os-install-tree";

    private static final Set<ProvisioningState> FINAL =
            Set.of(ProvisioningState.BOOTED, ProvisioningState.FAILED, ProvisioningState.CANCELLED);
    private static final String IMAGE_COLUMNS =
            "id, name, profile_id, storage_host_id, pool, volume, kernel, initrd, nfs_root, created_at";
    private static final String TREE_COLUMNS = "id, name, profile_id, path, files, created_at";
    private static final String PROVISIONING_COLUMNS = "id, target_type, target_id, profile_id, driver_id, method,"
            + " hostname, state, message, task_id, image_id, tree_id, boot_mac, token, request_json, created_at,"
            + " ended_at";
    private static final String NEWEST_FIRST = "created_at desc, id desc";

    private final Transactions tx;
    private final HistoryDao history;
    private final SecretCipher cipher;
    private final JsonSnapshots json;

    JdbcOsStore(Transactions tx, HistoryDao history, SecretCipher cipher, JsonSnapshots json) {
        this.tx = tx;
        this.history = history;
        this.cipher = cipher;
        this.json = json;
    }

    // ---- images

    @Override
    public List<OsImage> images() {
        return tx.inTransaction(
                "listing OS images",
                c -> Rows.list(c, "select " + IMAGE_COLUMNS + " from os_image order by name", JdbcOsStore::image));
    }

    @Override
    public Optional<OsImage> image(String id) {
        return tx.inTransaction(
                "reading an OS image",
                c -> Rows.one(c, "select " + IMAGE_COLUMNS + " from os_image where id = ?", JdbcOsStore::image, id));
    }

    @Override
    public OsImage createImage(OsImageSpec spec, String principal) {
        return tx.inTransaction("registering an OS image", c -> {
            OsImage made = new OsImage(
                    newId(),
                    spec.name(),
                    spec.profileId(),
                    spec.storageHostId(),
                    spec.pool(),
                    spec.volume(),
                    spec.kernel(),
                    spec.initrd(),
                    spec.nfsRoot(),
                    Rows.now());
            try {
                Rows.update(
                        c,
                        "insert into os_image (" + IMAGE_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        made.id(),
                        made.name(),
                        made.profileId(),
                        made.storageHostId(),
                        made.pool(),
                        made.volume(),
                        made.kernel(),
                        made.initrd(),
                        made.nfsRoot(),
                        made.created());
            } catch (SQLException e) {
                StoreRules.conflictIfDuplicate(e, "an OS image named '" + spec.name() + "' exists already");
                throw StoreRules.invalidIfReferenceMissing(e, "no storage host " + spec.storageHostId());
            }
            history.record(c, principal, IMAGE, made.id(), Action.CREATE, null, made);
            return made;
        });
    }

    @Override
    public void deleteImage(String id, String principal) {
        tx.inTransaction("removing an OS image", c -> {
            OsImage before = Rows.one(
                            c,
                            "select " + IMAGE_COLUMNS + " from os_image where id = ? for update",
                            JdbcOsStore::image,
                            id)
                    .orElseThrow(() -> StrataException.notFound("OS image", id));
            if (Rows.count(c, "select count(*) from provisioning where image_id = ? and open_target_id is not null", id)
                    > 0) {
                throw StrataException.conflict(
                        "OS image '" + before.name() + "' is used by a provisioning under way: remove it when done");
            }
            // Provisionings that are over keep their record, without the image.
            Rows.update(c, "update provisioning set image_id = null where image_id = ?", id);
            Rows.update(c, "delete from os_image where id = ?", id);
            history.record(c, principal, IMAGE, id, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public OsImage replaceImageVolume(String id, String volume, String principal) {
        return tx.inTransaction("making a new version of an OS image", c -> {
            OsImage before = Rows.one(
                            c,
                            "select " + IMAGE_COLUMNS + " from os_image where id = ? for update",
                            JdbcOsStore::image,
                            id)
                    .orElseThrow(() -> StrataException.notFound("OS image", id));
            if (Rows.count(c, "select count(*) from provisioning where image_id = ? and open_target_id is not null", id)
                    > 0) {
                throw StrataException.conflict("OS image '" + before.name()
                        + "' is used by a provisioning under way: make its new version when that is done");
            }
            Rows.update(c, "update os_image set volume = ? where id = ?", volume, id);
            OsImage after = new OsImage(
                    before.id(),
                    before.name(),
                    before.profileId(),
                    before.storageHostId(),
                    before.pool(),
                    volume,
                    before.kernel(),
                    before.initrd(),
                    before.nfsRoot(),
                    before.created());
            history.record(c, principal, IMAGE, id, Action.UPDATE, before, after);
            return after;
        });
    }

    // ---- install trees

    @Override
    public List<InstallTree> installTrees() {
        return tx.inTransaction(
                "listing install trees",
                c -> Rows.list(c, "select " + TREE_COLUMNS + " from os_install_tree order by name", JdbcOsStore::tree));
    }

    @Override
    public Optional<InstallTree> installTree(String id) {
        return tx.inTransaction(
                "reading an install tree",
                c -> Rows.one(
                        c, "select " + TREE_COLUMNS + " from os_install_tree where id = ?", JdbcOsStore::tree, id));
    }

    @Override
    public InstallTree createInstallTree(InstallTreeSpec spec, int files, String principal) {
        return tx.inTransaction("registering an install tree", c -> {
            InstallTree made = new InstallTree(newId(), spec.name(), spec.profileId(), spec.path(), files, Rows.now());
            try {
                Rows.update(
                        c,
                        "insert into os_install_tree (" + TREE_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
                        made.id(),
                        made.name(),
                        made.profileId(),
                        made.path(),
                        made.files(),
                        made.created());
            } catch (SQLException e) {
                throw StoreRules.conflictIfDuplicate(e, "an install tree named '" + spec.name() + "' exists already");
            }
            history.record(c, principal, TREE, made.id(), Action.CREATE, null, made);
            return made;
        });
    }

    @Override
    public void deleteInstallTree(String id, String principal) {
        tx.inTransaction("removing an install tree", c -> {
            InstallTree before = Rows.one(
                            c,
                            "select " + TREE_COLUMNS + " from os_install_tree where id = ? for update",
                            JdbcOsStore::tree,
                            id)
                    .orElseThrow(() -> StrataException.notFound("install tree", id));
            if (Rows.count(c, "select count(*) from provisioning where tree_id = ? and open_target_id is not null", id)
                    > 0) {
                throw StrataException.conflict(
                        "install tree '" + before.name() + "' is used by a provisioning under way");
            }
            Rows.update(c, "update provisioning set tree_id = null where tree_id = ?", id);
            Rows.update(c, "delete from os_install_tree where id = ?", id);
            history.record(c, principal, TREE, id, Action.DELETE, before, null);
            return null;
        });
    }

    // ---- provisionings

    @Override
    public Provisioning createProvisioning(NewProvisioning p, String principal) {
        return tx.inTransaction("recording a provisioning", c -> {
            String id = newId();
            try {
                Rows.update(
                        c,
                        "insert into provisioning (" + PROVISIONING_COLUMNS
                                + ", token_hash, open_target_id, open_mac)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id,
                        p.targetType(),
                        p.targetId(),
                        p.profileId(),
                        p.driverId(),
                        p.method(),
                        p.request().hostname(),
                        ProvisioningState.PREPARING,
                        null,
                        null,
                        p.imageId(),
                        p.installTreeId(),
                        p.bootMac(),
                        cipher.encrypt(p.token()),
                        json.toJson(p.request()),
                        Rows.now(),
                        Rows.orNull(null, Types.TIMESTAMP_WITH_TIMEZONE),
                        hash(p.token()),
                        p.targetId(),
                        p.bootMac());
            } catch (SQLException e) {
                throw StoreRules.conflictIfDuplicate(
                        e,
                        p.targetType() + " " + p.targetId() + " (MAC " + p.bootMac() + ") is being provisioned already:"
                                + " cancel that provisioning's task first");
            }
            appendStep(c, id, "requested", "by " + principal);
            return read(c, id).orElseThrow().provisioning();
        });
    }

    @Override
    public Optional<Provisioning> provisioning(String id) {
        return stored(id).map(StoredProvisioning::provisioning);
    }

    @Override
    public Optional<StoredProvisioning> stored(String id) {
        return tx.inTransaction("reading a provisioning", c -> read(c, id));
    }

    @Override
    public Optional<StoredProvisioning> byToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return tx.inTransaction(
                "reading a provisioning",
                c -> withSteps(
                                c,
                                Rows.list(
                                        c,
                                        "select " + PROVISIONING_COLUMNS + " from provisioning where token_hash = ?",
                                        this::row,
                                        hash(token)))
                        .stream()
                        .findFirst());
    }

    @Override
    public Optional<StoredProvisioning> openByMac(String mac) {
        return tx.inTransaction(
                "reading a provisioning",
                c -> withSteps(
                                c,
                                Rows.list(
                                        c,
                                        "select " + PROVISIONING_COLUMNS + " from provisioning where open_mac = ?",
                                        this::row,
                                        mac))
                        .stream()
                        .findFirst());
    }

    @Override
    public Optional<StoredProvisioning> lastBootedByMac(String mac) {
        return tx.inTransaction(
                "reading a provisioning",
                c -> withSteps(
                                c,
                                Rows.list(
                                        c,
                                        "select " + PROVISIONING_COLUMNS + " from provisioning where boot_mac = ?"
                                                + " and state = 'BOOTED' order by ended_at desc, id desc",
                                        this::row,
                                        mac))
                        .stream()
                        .findFirst());
    }

    @Override
    public Page<Provisioning> provisionings(PageRequest page) {
        return tx.inTransaction("listing provisionings", c -> {
            Page<StoredProvisioning> rows =
                    Rows.page(c, PROVISIONING_COLUMNS, "provisioning", null, NEWEST_FIRST, page, this::row);
            return new Page<>(
                    withSteps(c, rows.items()).stream()
                            .map(StoredProvisioning::provisioning)
                            .toList(),
                    rows.offset(),
                    rows.limit(),
                    rows.total());
        });
    }

    @Override
    public List<StoredProvisioning> open() {
        return tx.inTransaction(
                "listing open provisionings",
                c -> withSteps(
                        c,
                        Rows.list(
                                c,
                                "select " + PROVISIONING_COLUMNS
                                        + " from provisioning where open_target_id is not null order by created_at, id",
                                this::row)));
    }

    @Override
    public void setTask(String id, String taskId) {
        tx.inTransaction(
                "recording a provisioning's task",
                c -> Rows.update(c, "update provisioning set task_id = ? where id = ?", taskId, id));
    }

    @Override
    public boolean step(String id, ProvisioningState state, String step, String detail, String message) {
        return tx.inTransaction("recording a provisioning step", c -> {
            Optional<String> current =
                    Rows.one(c, "select state from provisioning where id = ? for update", rs -> rs.getString(1), id);
            if (current.isEmpty()) {
                throw StrataException.notFound("provisioning", id);
            }
            if (FINAL.contains(ProvisioningState.valueOf(current.get()))) {
                return false;
            }
            appendStep(c, id, step, detail);
            if (state != null) {
                boolean ends = FINAL.contains(state);
                Rows.update(
                        c,
                        "update provisioning set state = ?, message = coalesce(?, message), ended_at = ?,"
                                + " open_target_id = " + (ends ? "null" : "open_target_id") + ", open_mac = "
                                + (ends ? "null" : "open_mac") + " where id = ?",
                        state,
                        message,
                        Rows.orNull(ends ? Rows.now() : null, Types.TIMESTAMP_WITH_TIMEZONE),
                        id);
            } else if (message != null) {
                Rows.update(c, "update provisioning set message = ? where id = ?", message, id);
            }
            return true;
        });
    }

    private static void appendStep(Connection c, String id, String step, String detail) throws SQLException {
        long seq = Rows.count(c, "select count(*) from provisioning_step where provisioning_id = ?", id);
        Rows.update(
                c,
                "insert into provisioning_step (provisioning_id, seq, step, detail, at) values (?, ?, ?, ?, ?)",
                id,
                (int) seq,
                step,
                detail,
                Rows.now());
    }

    private Optional<StoredProvisioning> read(Connection c, String id) throws SQLException {
        return withSteps(
                        c,
                        Rows.list(
                                c, "select " + PROVISIONING_COLUMNS + " from provisioning where id = ?", this::row, id))
                .stream()
                .findFirst();
    }

    /** The rows with their steps, read in one query whatever their number. */
    private static List<StoredProvisioning> withSteps(Connection c, List<StoredProvisioning> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<ProvisioningStep>> steps = new HashMap<>();
        for (List<String> chunk :
                Rows.chunks(rows.stream().map(r -> r.provisioning().id()).toList())) {
            for (Object[] s : Rows.list(
                    c,
                    "select provisioning_id, step, detail, at from provisioning_step where provisioning_id in ("
                            + Rows.marks(chunk.size()) + ") order by provisioning_id, seq",
                    rs -> new Object[] {
                        rs.getString(1), new ProvisioningStep(rs.getString(2), rs.getString(3), Rows.instant(rs, "at"))
                    },
                    chunk.toArray())) {
                steps.computeIfAbsent((String) s[0], k -> new java.util.ArrayList<>())
                        .add((ProvisioningStep) s[1]);
            }
        }
        return rows.stream()
                .map(r -> {
                    Provisioning p = r.provisioning();
                    return new StoredProvisioning(
                            new Provisioning(
                                    p.id(),
                                    p.targetType(),
                                    p.targetId(),
                                    p.profileId(),
                                    p.method(),
                                    p.hostname(),
                                    p.state(),
                                    p.message(),
                                    p.taskId(),
                                    steps.getOrDefault(p.id(), List.of()),
                                    p.created(),
                                    p.ended()),
                            r.driverId(),
                            r.imageId(),
                            r.installTreeId(),
                            r.bootMac(),
                            r.token(),
                            r.request());
                })
                .toList();
    }

    private StoredProvisioning row(ResultSet rs) throws SQLException {
        return new StoredProvisioning(
                new Provisioning(
                        rs.getString("id"),
                        rs.getString("target_type"),
                        rs.getString("target_id"),
                        rs.getString("profile_id"),
                        ProvisioningMethod.valueOf(rs.getString("method")),
                        rs.getString("hostname"),
                        ProvisioningState.valueOf(rs.getString("state")),
                        rs.getString("message"),
                        rs.getString("task_id"),
                        List.of(),
                        Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "ended_at")),
                rs.getString("driver_id"),
                rs.getString("image_id"),
                rs.getString("tree_id"),
                rs.getString("boot_mac"),
                new String(cipher.decrypt(rs.getString("token"))),
                json.fromJson(rs.getString("request_json"), ProvisionRequest.class));
    }

    private static OsImage image(ResultSet rs) throws SQLException {
        return new OsImage(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("profile_id"),
                rs.getString("storage_host_id"),
                rs.getString("pool"),
                rs.getString("volume"),
                rs.getString("kernel"),
                rs.getString("initrd"),
                rs.getString("nfs_root"),
                Rows.instant(rs, "created_at"));
    }

    private static InstallTree tree(ResultSet rs) throws SQLException {
        return new InstallTree(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("profile_id"),
                rs.getString("path"),
                rs.getInt("files"),
                Rows.instant(rs, "created_at"));
    }

    /** The SHA-256 of a token, in hex: what the token column is looked up by. */
    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
