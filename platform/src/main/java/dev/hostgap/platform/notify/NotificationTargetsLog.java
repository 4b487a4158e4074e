package dev.hostgap.platform.notify;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start which code hosts will be told about judged jobs, so that an admin whose commits get
 * no status learns why from the first lines of the log rather than from a job's notifications.
 * Never prints a token, nor a user or password written into an API URL.
 */
@Component
class NotificationTargetsLog {

    private static final Logger log = LoggerFactory.getLogger(NotificationTargetsLog.class);

    private final NotifyProperties properties;

    NotificationTargetsLog(NotifyProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        log.info(line("GitHub", "github", properties.github().token(), properties.github().apiUrl()));
        log.info(line("GitLab", "gitlab", properties.gitlab().token(), properties.gitlab().apiUrl()));
    }

    private String line(String name, String key, String token, URI apiUrl) {
        if (token == null || token.isBlank()) { // as ProviderApi.configured(): a blank token sends nothing
            return name + " notifications: off (hostgap.notify." + key + ".token is not set): no commit statuses or "
                    + "pull request comments are sent to " + name;
        }
        return name + " notifications: on (" + withoutUserInfo(apiUrl) + "): commit statuses and pull request comments "
                + "are sent, their links to " + properties.publicBase();
    }

    private static String withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "");
    }
}
