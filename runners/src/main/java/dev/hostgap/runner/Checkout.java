package dev.hostgap.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Keeps one clone per repository URL under {@code <work-dir>/repos} and puts it at a commit,
 * detached and clean (reset --hard, clean -fdx), with JGit so a GPU node needs no git binary.
 */
final class Checkout {

    private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/remotes/origin/*");
    /** Pull and merge request heads are not on any branch of the base repository. */
    private static final RefSpec[] REVIEW_HEADS = {
            new RefSpec("+refs/pull/*/head:refs/remotes/origin/pull/*"),
            new RefSpec("+refs/merge-requests/*/head:refs/remotes/origin/merge-requests/*")};

    private final Path repos;

    Checkout(Path workDir) {
        this.repos = workDir.resolve("repos");
    }

    /** Returns the work tree at {@code sha}; a failure says which step and why in one line. */
    Path at(String repoUrl, String sha) throws IOException {
        Path dir = repos.resolve(hash(repoUrl));
        try (Git git = open(repoUrl, dir)) {
            ObjectId commit = ObjectId.fromString(sha);
            if (!has(git, commit)) {
                git.fetch().setRemote("origin").setRefSpecs(BRANCHES).setRemoveDeletedRefs(true).call();
            }
            if (!has(git, commit)) {
                git.fetch().setRemote("origin").setRefSpecs(REVIEW_HEADS).call();
            }
            if (!has(git, commit)) {
                throw new IOException("commit " + sha + " is not in " + repoUrl + " (pushed to a branch or a pull request?)");
            }
            git.checkout().setName(sha).setForced(true).call();
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(sha).call();
            git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
            return dir;
        } catch (GitAPIException | IllegalArgumentException e) {
            throw new IOException("git: " + e.getMessage(), e);
        }
    }

    private static Git open(String repoUrl, Path dir) throws IOException, GitAPIException {
        if (Files.isDirectory(dir.resolve(".git"))) {
            return Git.open(dir.toFile());
        }
        deleteTree(dir); // a clone that died half way
        Files.createDirectories(dir.getParent());
        try {
            return Git.cloneRepository().setURI(repoUrl).setDirectory(dir.toFile()).setNoCheckout(true).call();
        } catch (GitAPIException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
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
}
