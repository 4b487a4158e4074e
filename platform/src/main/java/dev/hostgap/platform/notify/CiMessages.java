package dev.hostgap.platform.notify;

import dev.hostgap.platform.compare.MarkdownReport;
import dev.hostgap.platform.projects.ProjectRef;
import dev.hostgap.platform.support.SecretBox;
import dev.hostgap.platform.verdicts.CommitVerdict;
import dev.hostgap.platform.verdicts.CommitVerdicts;
import dev.hostgap.platform.verdicts.VerdictState;
import org.springframework.stereotype.Component;

/**
 * Composes what CI is told about a job from its commit's one answer ({@link CommitVerdicts}): the
 * status's state, its description (the answer's summary) and its link (the page that holds the
 * answer), and for a pull request the comment, whose table is the compare the answer was read from.
 */
@Component
class CiMessages {

    /**
     * The first line of the project's comment on a pull request: tells a person reading the thread
     * where it comes from, and lets hostgap find its comment again when the comment's id was never
     * stored (the instance that posted it stopped before it could), so a pull request never gets a
     * second one. It carries a tag of the project, repository and pull request under the platform's
     * secret key: nobody can write a comment hostgap would take for its own before hostgap posted
     * (project names have no {@code >}, so the name cannot end the HTML comment).
     */
    String commentMarker(CiJob job) {
        return "<!-- hostgap project=" + job.projectName() + " tag="
                + secrets.tag(job.projectName() + "\n" + job.provider() + "\n" + job.providerProject() + "\n" + job.pullRequest()) + " -->";
    }

    private final CommitVerdicts verdicts;
    private final NotifyProperties properties;
    private final SecretBox secrets;

    CiMessages(CommitVerdicts verdicts, NotifyProperties properties, SecretBox secrets) {
        this.verdicts = verdicts;
        this.properties = properties;
        this.secrets = secrets;
    }

    CiMessage compose(CiJob job) {
        ProjectRef project = new ProjectRef(job.projectId(), job.projectName(), job.defaultBranch());
        CommitVerdicts.Answer answer = verdicts.answer(project, job.sha(), job.pullRequest());
        CommitVerdict verdict = answer.verdict();
        String url = properties.publicBase() + verdict.link();
        String description = verdict.summary().length() <= CiMessage.MAX_DESCRIPTION ? verdict.summary()
                : verdict.summary().substring(0, CiMessage.MAX_DESCRIPTION - 1) + "…";
        String markdown = null;
        if (job.isPullRequest() && answer.pullRequestReport() != null) {
            markdown = commentMarker(job) + "\n" + MarkdownReport.render(job.projectName(), answer.pullRequestReport())
                    + "\n**" + (verdict.failing() ? "❌ " : "✅ ") + MarkdownReport.escape(verdict.summary()) + "** · [details](" + url + ")\n";
        } else if (job.isPullRequest() && verdict.state() == VerdictState.ERROR) {
            markdown = commentMarker(job) + "\n### hostgap: " + MarkdownReport.escape(job.projectName()) + " " + job.sha().substring(0, 10)
                    + "\n\n**⚠️ " + MarkdownReport.escape(verdict.summary()) + "** · [details](" + url + ")\n";
        }
        return new CiMessage(state(verdict), description, url, markdown,
                job.isPullRequest() ? CiMessage.PULL_REQUEST_CONTEXT : CiMessage.CONTEXT);
    }

    private static CiMessage.State state(CommitVerdict verdict) {
        return switch (verdict.state()) {
            case PENDING -> CiMessage.State.PENDING;
            case ERROR -> CiMessage.State.ERROR;
            case JUDGED -> verdict.failing() ? CiMessage.State.FAILURE : CiMessage.State.SUCCESS;
        };
    }
}
