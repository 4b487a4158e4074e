package dev.hostgap.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Keeps one repository per URL under {@code <work-dir>/repos} and puts its work tree at a commit,
 * detached and clean, with JGit so a GPU node needs no git binary. It does not clone and check out:
 * JGit's checkout weighs HEAD against the index, and after a clone without checkout HEAD is the
 * remote's default branch while the index is empty, so every file reads as staged for deletion and
 * any other commit fails with "Cannot delete file". Instead the repository is made with {@code init}
 * and fetched by URL (no branch, no index to disagree with), HEAD is detached at the commit by a ref
 * update, and {@code reset --hard} writes index and work tree from the commit's tree alone,
 * overwriting whatever an earlier job, a killed run or a rename left; {@code clean -fdx} removes the
 * rest. A new repository and one at any other commit take the same steps, and one whose work tree
 * cannot be reset is thrown away and fetched again once.
 */
final class Checkout {

    /** The work tree and the commit's parents, first parent first (what the job's completion reports). */
    record CheckedOut(Path dir, List<String> parents) {
    }

    private static final RefSpec[] BRANCHES = {new RefSpec("+refs/heads/*:refs/remotes/origin/*")};
    /** Pull and merge request heads are not on any branch of the base repository. */
    private static final RefSpec[] REVIEW_HEADS = {
            new RefSpec("+refs/pull/*/head:refs/remotes/origin/pull/*"),
            new RefSpec("+refs/merge-requests/*/head:refs/remotes/origin/merge-requests/*")};

    private final Path repos;

    Checkout(Path workDir) {
        this.repos = workDir.resolve("repos");
    }

    /** Puts the work tree at {@code sha}; a failure says which step and why in one line. */
    CheckedOut at(String repoUrl, String sha) throws IOException {
        Path dir = repos.resolve(hash(repoUrl));
        ObjectId commit;
        try {
            commit = ObjectId.fromString(sha);
        } catch (IllegalArgumentException e) {
            throw new IOException("'" + sha + "' is not a 40-hex commit id");
        }
        try {
            try {
                return fetchAndReset(dir, repoUrl, commit);
            } catch (WorkTreeException e) {
                deleteTree(dir); // a lock or a half-written index left by a killed run: start over once
                return fetchAndReset(dir, repoUrl, commit);
            }
        } catch (WorkTreeException e) {
            throw new IOException("git: " + e.getCause().getMessage(), e.getCause());
        } catch (GitAPIException | IllegalArgumentException e) {
            throw new IOException("git: " + e.getMessage(), e);
        }
    }

    private static CheckedOut fetchAndReset(Path dir, String repoUrl, ObjectId commit) throws IOException, GitAPIException {
        try (Git git = local(() -> open(dir))) {
            fetchUnlessPresent(git, repoUrl, commit);
            Repository repository = git.getRepository();
            RevCommit target = repository.parseCommit(commit);
            local(() -> {
                RefUpdate head = repository.getRefDatabase().newUpdate(Constants.HEAD, true);
                head.setNewObjectId(target);
                RefUpdate.Result detached = head.forceUpdate();
                if (detached != RefUpdate.Result.NEW && detached != RefUpdate.Result.FORCED && detached != RefUpdate.Result.NO_CHANGE) {
                    throw new IOException("could not detach HEAD at " + target.getName() + ": " + detached);
                }
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef(target.getName()).call();
                return git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
            });
            return new CheckedOut(dir, Arrays.stream(target.getParents()).map(RevCommit::getName).toList());
        }
    }

    /** Branches first, then review heads, then the commit itself (servers that allow a want by id). */
    private static void fetchUnlessPresent(Git git, String repoUrl, ObjectId commit) throws IOException, GitAPIException {
        for (RefSpec[] specs : List.of(BRANCHES, REVIEW_HEADS)) {
            if (has(git, commit)) {
                return;
            }
            git.fetch().setRemote(repoUrl).setRefSpecs(specs).setRemoveDeletedRefs(specs == BRANCHES).call();
        }
        if (!has(git, commit)) {
            try {
                git.fetch().setRemote(repoUrl).setRefSpecs(new RefSpec(commit.getName())).call();
            } catch (org.eclipse.jgit.api.errors.TransportException e) {
                // most servers refuse an id that no ref advertises; the message below says what to do
            }
        }
        if (!has(git, commit)) {
            throw new IOException("commit " + commit.getName() + " is not in " + repoUrl + " (pushed to a branch or a pull request?)");
        }
    }

    private static Git open(Path dir) throws IOException, GitAPIException {
        if (Files.isDirectory(dir.resolve(".git"))) {
            return Git.open(dir.toFile());
        }
        Files.createDirectories(dir);
        return Git.init().setDirectory(dir.toFile()).call();
    }

    private static boolean has(Git git, ObjectId commit) throws IOException {
        return git.getRepository().getObjectDatabase().has(commit);
    }

    static String hash(String repoUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(repoUrl.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A step on the local repository alone: when it fails, the repository's state is at fault, not the remote. */
    private interface LocalStep<T> {
        T run() throws IOException, GitAPIException;
    }

    private static <T> T local(LocalStep<T> step) {
        try {
            return step.run();
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw new WorkTreeException(e);
        }
    }

    private static final class WorkTreeException extends RuntimeException {
        WorkTreeException(Exception cause) {
            super(cause);
        }
    }
}
