package dev.hostgap.platform.webhooks;

import dev.hostgap.platform.notify.RepositoryPermissions;
import dev.hostgap.platform.projects.CiProject;
import org.springframework.stereotype.Component;

/**
 * A "/hostgap run SHA" comment counts only when GitHub says its author may write to the project's
 * repository. Asked before the delivery's transaction (a network call must not hold a database
 * connection); what cannot be asked (no GitHub token, GitHub unreachable) approves nothing.
 */
@Component
class CommentApprovals {

    private final RepositoryPermissions permissions;

    CommentApprovals(RepositoryPermissions permissions) {
        this.permissions = permissions;
    }

    WebhookEvent check(CiProject project, WebhookEvent event) {
        if (!"approval".equals(event.kind())) {
            return event;
        }
        return switch (permissions.githubCanWrite(project.statusRepository(), event.approvedBy())) {
            case WRITE -> event;
            case NO_WRITE -> WebhookEvent.ignored(event.provider(), event.repositoryUrls(), "\"/hostgap run\" from "
                    + event.approvedBy() + ", who has no write access to " + project.statusRepository());
            case CANNOT_ASK -> WebhookEvent.ignored(event.provider(), event.repositoryUrls(), "\"/hostgap run\" from "
                    + event.approvedBy() + ": GitHub could not be asked whether they may write to the repository "
                    + "(needs hostgap.notify.github.token); approve through the API or the web UI");
        };
    }
}
