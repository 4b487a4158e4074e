package dev.hostgap.platform.support;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat answers "100 Continue" only once the application reads the body. By default it answers at
 * once, so a client that asked (`Expect: 100-continue`) starts sending a body the platform then
 * refuses from its Content-Length (413, {@link RequestBodyLimitFilter}) without reading it, and the
 * connection is closed under the client's upload: the attack pass saw "no answer" where a 413 was
 * due. With this, such a client gets the 413 before it sends a byte of the body.
 */
@Component
class ContinueOnRead implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }
}
