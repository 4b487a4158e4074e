package dev.hostgap.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a node's clone meets what real remotes and killed runs leave; the agent's tests cover the usual path. */
class CheckoutTest {

    @TempDir
    Path tmp;
    ExampleRepository origin;
    Checkout checkout;

    @BeforeEach
    void setUp() throws Exception {
        origin = ExampleRepository.create(tmp.resolve("origin"));
        checkout = new Checkout(tmp.resolve("work"));
    }

    @AfterEach
    void tearDown() {
        origin.close();
    }

    @Test
    void fetchesACommitNoRefNamesByItsIdWhenTheServerAllowsIt() throws Exception {
        String gone = origin.unreferencedCommit();
        origin.allowAnyCommitById();

        Checkout.CheckedOut tree = checkout.at(origin.uri(), gone);

        assertThat(Files.readString(tree.dir().resolve("gone.txt"))).startsWith("pushed, then force-pushed away");
        assertThat(tree.parents()).containsExactly(origin.sha("c10"));
    }

    @Test
    void saysWhereToPushWhenNoRefHasTheCommitAndTheServerWillNotHandItOut() throws Exception {
        String gone = origin.unreferencedCommit();

        assertThatThrownBy(() -> checkout.at(origin.uri(), gone)).isInstanceOf(IOException.class)
                .hasMessage("commit " + gone + " is not in " + origin.uri() + " (pushed to a branch or a pull request?)");
    }

    @Test
    void startsTheCloneAgainWhenAKilledRunLeftItsIndexLocked() throws Exception {
        Path dir = checkout.at(origin.uri(), origin.sha("c2")).dir();
        Files.writeString(dir.resolve(".git/index.lock"), "");

        Checkout.CheckedOut tree = checkout.at(origin.uri(), origin.sha("c5"));

        assertThat(tree.dir()).isEqualTo(dir);
        assertThat(Files.readString(dir.resolve("docs/guide.md"))).isEqualTo("guide\n");
        assertThat(dir.resolve("src/b.txt")).doesNotExist();
        assertThat(dir.resolve(".git/index.lock")).doesNotExist();
    }

    @Test
    void takesOverACloneThatAnEarlierAgentMadeWithoutCheckout() throws Exception {
        Path dir = tmp.resolve("work/repos").resolve(Checkout.hash(origin.uri()));
        Git.cloneRepository().setURI(origin.uri()).setDirectory(dir.toFile()).setNoCheckout(true).call().close();

        Checkout.CheckedOut tree = checkout.at(origin.uri(), origin.sha("c4"));

        assertThat(tree.dir()).isEqualTo(dir);
        assertThat(Files.readString(dir.resolve("lib/b.txt"))).isEqualTo("b\n");
        assertThat(dir.resolve("src/b.txt")).doesNotExist();
        assertThat(tree.parents()).containsExactly(origin.sha("c3"));
    }

    @Test
    void reportsARootCommitWithoutParents() throws Exception {
        assertThat(checkout.at(origin.uri(), origin.sha("c1")).parents()).isEmpty();
    }

    @Test
    void refusesAnIdThatIsNotFortyHex() {
        assertThatThrownBy(() -> checkout.at(origin.uri(), "main")).isInstanceOf(IOException.class)
                .hasMessageContaining("'main' is not a 40-hex commit id");
    }
}
