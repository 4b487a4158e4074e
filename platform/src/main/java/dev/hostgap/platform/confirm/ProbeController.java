package dev.hostgap.platform.confirm;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import dev.hostgap.platform.jobs.JobQueue;
import dev.hostgap.platform.problem.ApiProblem;
import dev.hostgap.platform.problem.ProblemType;
import dev.hostgap.platform.projects.CiProject;
import dev.hostgap.platform.projects.CommitGraph;
import dev.hostgap.platform.projects.ProjectDirectory;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.regressions.ChangeConfirmations;
import dev.hostgap.platform.support.Caller;
import dev.hostgap.platform.support.CommitSha;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probes and bisections over REST: what a confirmation or a bisection measured and decided, a try
 * job (base and head interleaved on a chosen runner, on request), and cancelling either.
 */
@RestController
class ProbeController {

    private static final int MAX_LIST = 200;

    /** A try job: base and head measured {@code rounds} times interleaved, on {@code runner} when given. */
    record TryRequest(String base, String head, Integer rounds, Long runner, Integer pullRequest) {
    }

    record JobView(long id, String sha, String side, int round, String state, String runId) {
    }

    record ProbeView(long id, String kind, String state, String outcome, String branch, String base, String middle, String head,
                     Integer pullRequest, int rounds, int runsEnded, int runs, Long runner, String requestedBy, String note,
                     List<Long> changes, Long bisection, OffsetDateTime createdAt, OffsetDateTime endedAt, List<JobView> jobs,
                     JsonNode results, Repro repro) {
    }

    record BisectionView(long id, String state, String branch, String good, String bad, String firstBad, List<String> skipped,
                         List<Long> changes, int maxJobs, long jobsUsed, int maxRunnerSeconds, long runnerSecondsUsed, String note,
                         OffsetDateTime createdAt, OffsetDateTime endedAt, List<ProbeView> steps) {
    }

    private final ProjectDirectory projects;
    private final CommitGraph graph;
    private final Probes probes;
    private final Bisections bisections;
    private final Bisector bisector;
    private final ProbeLauncher launcher;
    private final JobQueue queue;
    private final ChangeConfirmations changes;
    private final ConfirmProperties properties;
    private final JsonMapper json;

    ProbeController(ProjectDirectory projects, CommitGraph graph, Probes probes, Bisections bisections, Bisector bisector,
                    ProbeLauncher launcher, JobQueue queue, ChangeConfirmations changes, ConfirmProperties properties, JsonMapper json) {
        this.projects = projects;
        this.graph = graph;
        this.probes = probes;
        this.bisections = bisections;
        this.bisector = bisector;
        this.launcher = launcher;
        this.queue = queue;
        this.changes = changes;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/api/v1/projects/{project}/probes")
    List<ProbeView> list(@PathVariable String project, @RequestParam(required = false) Long change,
                         @RequestParam(defaultValue = "50") int limit) {
        ProjectRef ref = projects.require(project);
        requireLimit(limit);
        return probes.list(ref.id(), change, limit).stream().map(p -> view(ref, p, false)).toList();
    }

    @GetMapping("/api/v1/projects/{project}/probes/{id}")
    ProbeView probe(@PathVariable String project, @PathVariable long id) {
        ProjectRef ref = projects.require(project);
        return view(ref, requireProbe(ref, id), true);
    }

    @PostMapping("/api/v1/projects/{project}/try")
    @Transactional
    ResponseEntity<ProbeView> tryJob(@PathVariable String project, @RequestBody(required = false) TryRequest request,
                                     HttpServletRequest http) {
        CiProject ci = projects.requireCi(project);
        Caller caller = Caller.of(http);
        caller.requireWriteAccess(ci.id(), ci.name());
        if (request == null || request.base() == null || request.head() == null) {
            throw new ApiProblem(ProblemType.MISSING_FIELD, "Give {\"base\": \"<sha>\", \"head\": \"<sha>\"} (optional: \"rounds\" 2-20, "
                    + "\"runner\" a runner id, \"pullRequest\" the pull request the head belongs to).");
        }
        String base = CommitSha.require("base", request.base()).toLowerCase(Locale.ROOT);
        String head = CommitSha.require("head", request.head()).toLowerCase(Locale.ROOT);
        int rounds = request.rounds() == null ? properties.rounds() : request.rounds();
        if (rounds < 2 || rounds > 20) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "rounds must be 2 to 20 (each round measures base and head once).");
        }
        if (request.pullRequest() != null && request.pullRequest() < 1) {
            throw new ApiProblem(ProblemType.INVALID_FIELD, "pullRequest must be 1 or more.");
        }
        if (ci.benchmarkCommand() == null || ci.runnerLabels().isEmpty()) {
            throw new ApiProblem(ProblemType.NO_RUNNERS, "Project " + ci.name() + " has no benchmark command or runner labels: "
                    + "set them with PUT /api/v1/projects/" + ci.name() + "/ci before asking for a try job.");
        }
        if (request.runner() != null) {
            queue.whyRunnerCannotTake(request.runner(), ci.id(), ci.runnerLabels()).ifPresent(why -> {
                throw new ApiProblem(ProblemType.INVALID_FIELD, "runner: " + why + " (GET /api/v1/runners lists them).");
            });
        }
        long id = launcher.launch(new ProbeLauncher.Plan(ci, "try", ci.defaultBranch(), base, null, head, request.pullRequest(), rounds,
                null, caller.name(), List.of(), request.runner(), null));
        ProbeView view = view(projects.require(project), probes.find(id).orElseThrow(), true);
        return ResponseEntity.created(URI.create("/api/v1/projects/" + ci.name() + "/probes/" + id)).body(view);
    }

    /** Cancels a probe: its waiting jobs are cancelled; a confirmation's changes stay suspected, a step's bisection ends. */
    @PostMapping("/api/v1/projects/{project}/probes/{id}/cancel")
    @Transactional
    ProbeView cancelProbe(@PathVariable String project, @PathVariable long id, HttpServletRequest http) {
        ProjectRef ref = projects.require(project);
        Caller caller = Caller.of(http);
        caller.requireWriteAccess(ref.id(), ref.name());
        Probe probe = requireProbe(ref, id);
        if (probe.bisectionId() != null) {
            bisector.cancel(bisections.find(probe.bisectionId()).orElseThrow(), caller.name());
        } else if (probes.end(probe.id(), "cancelled", null, null, "cancelled by " + caller.name())) {
            queue.cancelGroup(probe.group());
            probes.changesOf(probe.id()).forEach(change -> changes.leftSuspected(change,
                    "its confirmation (probe " + probe.id() + ") was cancelled by " + caller.name()));
        } else {
            throw ended("Probe " + id, probe.state());
        }
        return view(ref, probes.find(id).orElseThrow(), true);
    }

    @GetMapping("/api/v1/projects/{project}/bisections")
    List<BisectionView> bisections(@PathVariable String project, @RequestParam(required = false) Long change,
                                   @RequestParam(defaultValue = "50") int limit) {
        ProjectRef ref = projects.require(project);
        requireLimit(limit);
        return bisections.list(ref.id(), change, limit).stream().map(b -> view(ref, b)).toList();
    }

    @GetMapping("/api/v1/projects/{project}/bisections/{id}")
    BisectionView bisection(@PathVariable String project, @PathVariable long id) {
        ProjectRef ref = projects.require(project);
        return view(ref, requireBisection(ref, id));
    }

    @PostMapping("/api/v1/projects/{project}/bisections/{id}/cancel")
    @Transactional
    BisectionView cancelBisection(@PathVariable String project, @PathVariable long id, HttpServletRequest http) {
        ProjectRef ref = projects.require(project);
        Caller caller = Caller.of(http);
        caller.requireWriteAccess(ref.id(), ref.name());
        Bisection b = requireBisection(ref, id);
        if (!bisector.cancel(b, caller.name())) {
            throw ended("Bisection " + id, b.state());
        }
        return view(ref, requireBisection(ref, id));
    }

    /** The runner invocation that measures a change's base and head, and the try job that runs it on a chosen runner. */
    @GetMapping("/api/v1/projects/{project}/regressions/{id}/repro")
    Repro repro(@PathVariable String project, @PathVariable long id) {
        ProjectRef ref = projects.require(project);
        ChangeConfirmations.Suspicion change = changes.byIds(List.of(id)).stream().filter(c -> c.projectId() == ref.id()).findFirst()
                .orElseThrow(() -> new ApiProblem(ProblemType.UNKNOWN_REGRESSION, "No regression " + id + " in project " + ref.name() + "."));
        if (change.lastGoodSha() == null) {
            throw new ApiProblem(ProblemType.UNKNOWN_COMMIT, "Regression " + id + " has no last good commit to measure against.");
        }
        return Repro.of(projects.requireCiById(ref.id()), change.branch(), change.lastGoodSha(), change.firstBadSha(), properties.rounds());
    }

    private ProbeView view(ProjectRef ref, Probe p, boolean detail) {
        JobQueue.GroupUse use = queue.group(p.group());
        int ended = (int) use.jobs().stream().filter(j -> j.state().equals("completed") || j.state().equals("failed")).count();
        Long runner = use.jobs().stream().map(JobQueue.GroupJob::runnerId).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        List<JobView> jobs = detail ? use.jobs().stream().map(j -> new JobView(j.id(), j.sha(), side(p, j.position()),
                (j.position() - 1) / p.sides() + 1, j.state(), j.runId())).toList() : null;
        JsonNode results = detail ? probes.results(p.id()).filter(r -> r != null).map(json::readTree).orElse(null) : null;
        Repro repro = detail ? Repro.of(projects.requireCiById(ref.id()), p.branch(), p.baseSha(), p.headSha(), p.rounds()) : null;
        return new ProbeView(p.id(), p.kind(), p.state(), p.outcome(), p.branch(), p.baseSha(), p.middleSha(), p.headSha(),
                p.pullRequest(), p.rounds(), ended, use.jobs().size(), runner, p.requestedBy(), p.note(), probes.changesOf(p.id()),
                p.bisectionId(), p.createdAt(), p.endedAt(), jobs, results, repro);
    }

    private BisectionView view(ProjectRef ref, Bisection b) {
        Bisector.Usage used = bisector.usage(b);
        List<ProbeView> steps = probes.ofBisection(b.id()).stream().map(p -> view(ref, p, false)).toList();
        return new BisectionView(b.id(), b.state(), b.branch(), b.goodSha(), b.badSha(), b.firstBadSha(), b.skipped(),
                probes.changesOf(b.confirmProbeId()), b.maxJobs(), used.jobs(), b.maxRunnerSeconds(), Math.round(used.runnerSeconds()),
                b.note(), b.createdAt(), b.endedAt(), steps);
    }

    private static String side(Probe p, int position) {
        int side = (position - 1) % p.sides();
        return side == 0 ? "base" : side == p.sides() - 1 ? "head" : "middle";
    }

    private Probe requireProbe(ProjectRef ref, long id) {
        return probes.find(id).filter(p -> p.projectId() == ref.id())
                .orElseThrow(() -> new ApiProblem(ProblemType.UNKNOWN_PROBE, "No probe " + id + " in project " + ref.name()
                        + " (GET /api/v1/projects/" + ref.name() + "/probes lists them)."));
    }

    private Bisection requireBisection(ProjectRef ref, long id) {
        return bisections.find(id).filter(b -> b.projectId() == ref.id())
                .orElseThrow(() -> new ApiProblem(ProblemType.UNKNOWN_BISECTION, "No bisection " + id + " in project " + ref.name()
                        + " (GET /api/v1/projects/" + ref.name() + "/bisections lists them)."));
    }

    private static ApiProblem ended(String what, String state) {
        return new ApiProblem(ProblemType.ALREADY_ENDED, what + " has ended already (" + state + "): there is nothing to cancel.");
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new ApiProblem(ProblemType.INVALID_PARAMETER, "limit must be 1 to " + MAX_LIST + ".");
        }
    }
}
