package org.strata.ws.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.ComplianceCsv;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PackageRepositorySpec;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.PatchWindowSpec;
import org.strata.api.patch.RepositoryPackage;
import org.strata.api.patch.TargetKind;
import org.strata.api.task.TaskService;

/**
 * Patching (docs/os-patching.md): package repositories and their uploaded packages, baselines, the software a target
 * has, scans and remediations as tasks, the compliance report as JSON or CSV, and patch windows (a layer of its own; 503 while it is
 * not running). Platform users only (BasicAuthFilter): guests of every tenant are patched from the same repositories.
 */
@Path("/patching")
@Produces(MediaType.APPLICATION_JSON)
public class PatchingResource {

    /** Debian's media type for a .deb, which clients such as curl send with {@code --data-binary}. */
    public static final String DEB = "application/vnd.debian.binary-package";

    /** The largest package file an upload takes, unless ws.xml says otherwise: a kernel or firmware .deb fits. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 512L * 1024 * 1024;

    private final PatchService patching;
    private final TaskService tasks;
    private final long maxUploadBytes;

    public PatchingResource(PatchService patching, TaskService tasks) {
        this(patching, tasks, DEFAULT_MAX_UPLOAD_BYTES);
    }

    public PatchingResource(PatchService patching, TaskService tasks, long maxUploadBytes) {
        this.patching = patching;
        this.tasks = tasks;
        this.maxUploadBytes = maxUploadBytes;
    }

    // ---- repositories

    @GET
    @Path("/repositories")
    public List<PackageRepository> repositories() {
        return patching.repositories();
    }

    @POST
    @Path("/repositories")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createRepository(
            PackageRepositorySpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        PackageRepository created = patching.createRepository(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/repositories/{id}")
    public PackageRepository repository(@PathParam("id") String id) {
        return patching.repository(id);
    }

    @DELETE
    @Path("/repositories/{id}")
    public Response deleteRepository(@PathParam("id") String id, @Context SecurityContext security) {
        patching.deleteRepository(id, Requests.principal(security));
        return Response.noContent().build();
    }

    @GET
    @Path("/repositories/{id}/packages")
    public List<RepositoryPackage> packages(@PathParam("id") String id) {
        return patching.packages(id);
    }

    /**
     * The raw package file as the body, streamed to the service (never held whole in memory). A declared length over
     * the limit is refused before a byte is read; a body that grows past it is cut off and refused the same way,
     * whatever the service made of the cut stream.
     */
    @POST
    @Path("/repositories/{id}/packages")
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, DEB})
    public Response uploadPackage(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
            InputStream file,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        String principal = Requests.principal(security);
        if (declaredLength(length) > maxUploadBytes) {
            return tooLarge();
        }
        LimitedStream limited = new LimitedStream(file, maxUploadBytes);
        RepositoryPackage created;
        try {
            created = patching.uploadPackage(id, limited, principal);
        } catch (RuntimeException e) {
            if (limited.exceeded) {
                return tooLarge();
            }
            throw e;
        }
        if (limited.exceeded) {
            // The service swallowed the cut-off read; the package it stored is not the one sent.
            patching.deletePackage(id, created.fileName(), principal);
            return tooLarge();
        }
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.fileName()).build())
                .entity(created)
                .build();
    }

    /**
     * The API reads packages as a list only; this one route makes the Location of an upload something a client can
     * GET, as for every other object created over REST.
     */
    @GET
    @Path("/repositories/{id}/packages/{fileName}")
    public RepositoryPackage repositoryPackage(@PathParam("id") String id, @PathParam("fileName") String fileName) {
        return patching.packages(id).stream()
                .filter(p -> p.fileName().equals(fileName))
                .findFirst()
                .orElseThrow(() -> StrataException.notFound("package file", fileName));
    }

    @DELETE
    @Path("/repositories/{id}/packages/{fileName}")
    public Response deletePackage(
            @PathParam("id") String id, @PathParam("fileName") String fileName, @Context SecurityContext security) {
        patching.deletePackage(id, fileName, Requests.principal(security));
        return Response.noContent().build();
    }

    private long declaredLength(String length) {
        if (length == null || length.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1; // Jetty refuses a malformed length before this runs; nothing to add here.
        }
    }

    /** 413, a problem as every other error. */
    private Response tooLarge() {
        return Problem.of(
                        413,
                        ErrorCode.INVALID_INPUT.name(),
                        "the package file is larger than the " + maxUploadBytes + " bytes an upload may have")
                .toResponse();
    }

    // ---- baselines

    @GET
    @Path("/baselines")
    public List<Baseline> baselines() {
        return patching.baselines();
    }

    @POST
    @Path("/baselines")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createBaseline(BaselineSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        Baseline created = patching.createBaseline(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/baselines/{id}")
    public Baseline baseline(@PathParam("id") String id) {
        return patching.baseline(id);
    }

    @PUT
    @Path("/baselines/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Baseline updateBaseline(@PathParam("id") String id, BaselineSpec spec, @Context SecurityContext security) {
        return patching.updateBaseline(id, Requests.body(spec), Requests.principal(security));
    }

    @DELETE
    @Path("/baselines/{id}")
    public Response deleteBaseline(@PathParam("id") String id, @Context SecurityContext security) {
        patching.deleteBaseline(id, Requests.principal(security));
        return Response.noContent().build();
    }

    /** 202 with the task; targets {@code {}} (all lists empty) scan everything of the baseline's profile. */
    @POST
    @Path("/baselines/{id}/scans")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response scan(
            @PathParam("id") String id,
            PatchTargets targets,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                patching.scan(id, Requests.body(targets), Requests.principal(security)), seconds, tasks, uri);
    }

    /** 202 with the task; a remediation names its targets (the service refuses an empty set). */
    @POST
    @Path("/baselines/{id}/remediations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response remediate(
            @PathParam("id") String id,
            PatchTargets targets,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        PatchTargets named = Requests.body(targets);
        if (named.isEmpty()) {
            throw StrataException.invalid("a remediation names its targets: vmIds, templateIds or imageIds");
        }
        return Accepted.of(patching.remediate(id, named, Requests.principal(security)), seconds, tasks, uri);
    }

    /** JSON by default; CSV with {@code Accept: text/csv} or {@code ?format=csv}, as the usage report. */
    @GET
    @Path("/baselines/{id}/compliance")
    @Produces({MediaType.APPLICATION_JSON, ReportResource.CSV})
    public Response compliance(
            @PathParam("id") String id, @QueryParam("format") String format, @Context HttpHeaders headers) {
        boolean csv = ReportResource.csv(format, headers);
        var report = patching.compliance(id);
        if (csv) {
            return Response.ok(ComplianceCsv.write(report), ReportResource.CSV + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"compliance.csv\"")
                    .build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    // ---- patch windows

    @GET
    @Path("/windows")
    public List<PatchWindow> windows() {
        return patching.windows();
    }

    /** No PUT: the service has no update; a window is removed and made again. */
    @POST
    @Path("/windows")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createWindow(PatchWindowSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        PatchWindow created = patching.createWindow(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/windows/{id}")
    public PatchWindow window(@PathParam("id") String id) {
        return patching.window(id);
    }

    @DELETE
    @Path("/windows/{id}")
    public Response deleteWindow(@PathParam("id") String id, @Context SecurityContext security) {
        patching.deleteWindow(id, Requests.principal(security));
        return Response.noContent().build();
    }

    // ---- software

    @GET
    @Path("/software/{kind}/{id}")
    public InstalledSoftware software(@PathParam("kind") String kind, @PathParam("id") String id) {
        return patching.software(kind(kind), id);
    }

    /** 202 with the task that reads the target's software now. */
    @POST
    @Path("/software/{kind}/{id}")
    public Response readSoftware(
            @PathParam("kind") String kind,
            @PathParam("id") String id,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        TargetKind target = kind(kind);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(patching.readSoftware(target, id, Requests.principal(security)), seconds, tasks, uri);
    }

    /** vm, template or image, as the path writes them (any case). */
    static TargetKind kind(String raw) {
        String k = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        for (TargetKind kind : TargetKind.values()) {
            if (kind.name().equals(k)) {
                return kind;
            }
        }
        throw StrataException.invalid("the kind of target must be vm, template or image, was '" + raw + "'");
    }

    /** Counts what is read and stops at the limit: the read past it fails, and {@link #exceeded} says why. */
    static final class LimitedStream extends FilterInputStream {
        private final long limit;
        private long count;
        volatile boolean exceeded;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, limit - count + 1));
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws IOException {
            count += n;
            if (count > limit) {
                exceeded = true;
                throw new IOException("the upload is larger than " + limit + " bytes");
            }
        }
    }
}
