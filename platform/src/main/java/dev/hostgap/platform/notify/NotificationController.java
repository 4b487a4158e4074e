package dev.hostgap.platform.notify;

import java.util.List;

import dev.hostgap.platform.projects.ProjectDirectory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What was sent to CI for a job, and how each message ended: for an operator looking for a missing status. */
@RestController
class NotificationController {

    private final ProjectDirectory projects;
    private final NotificationLog notifications;

    NotificationController(ProjectDirectory projects, NotificationLog notifications) {
        this.projects = projects;
        this.notifications = notifications;
    }

    @GetMapping("/api/v1/projects/{project}/jobs/{id}/notifications")
    List<NotificationLog.NotificationView> notifications(@PathVariable String project, @PathVariable long id) {
        return notifications.ofJob(projects.require(project).id(), id);
    }
}
