package dev.hostgap.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * The whole platform against the shared real PostgreSQL, driven through MockMvc with every filter.
 * All test classes share one application context, so each test works in projects of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = "hostgap.security.admin-token=" + PlatformTest.ADMIN_TOKEN)
@AutoConfigureMockMvc
@ContextConfiguration(initializers = PlatformTest.DatabaseInitializer.class)
public @interface PlatformTest {

    String ADMIN_TOKEN = "test-admin-token";

    class DatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestDatabase.Connection db = TestDatabase.connection();
            TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                    "spring.datasource.url=" + db.url(),
                    "spring.datasource.username=" + db.username(),
                    "spring.datasource.password=" + db.password());
        }
    }
}
