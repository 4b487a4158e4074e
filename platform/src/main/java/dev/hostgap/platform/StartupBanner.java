package dev.hostgap.platform;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Prints where to point a browser once the server listens: the README's first command relies on it. */
@Component
class StartupBanner implements ApplicationListener<WebServerInitializedEvent> {

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        System.out.println();
        System.out.println("  hostgap is running: http://localhost:" + port + "/");
        System.out.println("  REST API docs:      http://localhost:" + port + "/swagger-ui.html");
        System.out.println();
    }
}
