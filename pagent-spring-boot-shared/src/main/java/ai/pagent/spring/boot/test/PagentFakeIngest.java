package ai.pagent.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Points the application of a Spring test at a local {@code FakeIngest} from {@code pagent-test}:
 * starts one per application context, sets {@code pagent.api-key} and {@code pagent.endpoint} to
 * it (over any other configuration), shortens {@code pagent.batch.flush-interval} to 50 ms unless
 * the test sets it, and registers the {@code FakeIngest} as a bean to inject. It stops when the
 * context closes.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * @PagentFakeIngest
 * class CheckoutTest {
 *     @Autowired FakeIngest ingest;
 *
 *     @BeforeEach
 *     void clear() {
 *         ingest.reset(); // the context, and so the ingest, is shared by tests
 *     }
 *
 *     @Test
 *     void reportsThePurchase() {
 *         // ... post to /checkout with the X-Pagent-Variables header ...
 *         assertThat(ingest.awaitEvents(1, Duration.ofSeconds(10)))
 *                 .extracting(ReceivedEvent::revenue).containsExactly(4999L);
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(FakeIngestContextCustomizerFactory.class)
public @interface PagentFakeIngest {}
