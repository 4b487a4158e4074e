package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A repository with a history like a real one, for checkouts to fail on: thirteen commits that add,
 * modify, delete and rename files, turn a folder into a file, merge a branch, and one pull request
 * head that is on no branch. {@code main} ends at {@code c10}, so most commits are not the remote HEAD.
 */
final class ExampleRepository implements AutoCloseable {

    /** A job command that lists every file of the checkout with its sha256 into the result file. */
    static final String LIST_FILES = "files=$(find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs -r sha256sum"
            + " | tr '\\n' ';'); touch untracked.txt build.log; mkdir -p out && touch out/stale;"
            + " printf '{\"files\":\"%s\"}' \"$files\" > hostgap-result.json";

    private final Git git;
    private final Path dir;
    private final Map<String, RevCommit> commits = new LinkedHashMap<>();

    private ExampleRepository(Path dir) throws GitAPIException {
        this.dir = dir;
        this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    static ExampleRepository create(Path dir) throws Exception {
        ExampleRepository repo = new ExampleRepository(dir);
        repo.build();
        return repo;
    }

    private void build() throws Exception {
        write("README.md", "one");
        write("src/a.txt", "a");
        write(".gitignore", "*.log\nout/\n");
        commit("c1");
        write("README.md", "two");
        write("src/b.txt", "b");
        commit("c2");
        delete("src/a.txt");
        commit("c3");
        delete("src/b.txt");
        write("lib/b.txt", "b");
        commit("c4"); // a rename
        write("docs/guide.md", "guide");
        write("lib/b.txt", "b, changed");
        commit("c5");
        git.branchCreate().setName("feature").call();
        write("README.md", "six");
        commit("c6");
        git.checkout().setName("feature").call();
        write("feature.txt", "f1");
        commit("f1");
        write("feature.txt", "f2");
        commit("f2");
        git.checkout().setName("main").call();
        var merge = git.merge().include(commits.get("f2")).setFastForward(MergeCommand.FastForwardMode.NO_FF)
                .setMessage("m7").call();
        commits.put("m7", git.getRepository().parseCommit(merge.getNewHead()));
        delete("README.md");
        write("README", "six"); // a rename
        delete("docs/guide.md");
        commit("c8");
        write("README.md", "back again");
        commit("c9");
        delete("lib/b.txt");
        Files.deleteIfExists(dir.resolve("lib"));
        write("lib", "a file where a folder was");
        commit("c10");
        git.checkout().setCreateBranch(true).setName("fork").call();
        write("README.md", "from a fork");
        commit("p1");
        git.checkout().setName("main").call();
        git.branchDelete().setBranchNames("fork").setForce(true).call();
        RefUpdate pull = git.getRepository().updateRef("refs/pull/7/head");
        pull.setNewObjectId(commits.get("p1"));
        pull.forceUpdate();
    }

    /** A commit that no ref names, as a force-push leaves one behind. */
    String unreferencedCommit() throws Exception {
        git.checkout().setCreateBranch(true).setName("gone").call();
        write("gone.txt", "pushed, then force-pushed away");
        commit("gone");
        git.checkout().setName("main").call();
        git.branchDelete().setBranchNames("gone").setForce(true).call();
        return sha("gone");
    }

    /** Lets a fetch ask for any commit by id, as GitHub does ({@code uploadpack.allowAnySHA1InWant}). */
    void allowAnyCommitById() throws IOException {
        var config = git.getRepository().getConfig();
        config.setBoolean("uploadpack", null, "allowAnySHA1InWant", true);
        config.save();
    }

    String uri() {
        return dir.toUri().toString();
    }

    String sha(String name) {
        return commits.get(name).getName();
    }

    String head() throws IOException {
        return git.getRepository().resolve("HEAD").getName();
    }

    List<String> parents(String name) {
        List<String> parents = new ArrayList<>();
        for (RevCommit parent : commits.get(name).getParents()) {
            parents.add(parent.getName());
        }
        return parents;
    }

    /** What {@link #LIST_FILES} prints for a checkout of exactly that commit's files. */
    String listing(String name) throws Exception {
        Repository repository = git.getRepository();
        Map<String, String> files = new TreeMap<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(commits.get(name)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                byte[] content = repository.open(tree.getObjectId(0)).getBytes();
                files.put("./" + tree.getPathString(), sha256(content));
            }
        }
        StringBuilder listing = new StringBuilder();
        files.forEach((path, hash) -> listing.append(hash).append("  ").append(path).append(';'));
        return listing.toString();
    }

    private void write(String path, String content) throws IOException, GitAPIException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content + "\n");
        git.add().addFilepattern(path).call();
    }

    private void delete(String path) throws GitAPIException {
        git.rm().addFilepattern(path).call();
    }

    private void commit(String name) throws GitAPIException {
        commits.put(name, git.commit().setMessage(name).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                .setSign(false).call());
    }

    private static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @Override
    public void close() {
        git.close();
    }
}
