package ai.pagent.test;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link FakeIngest} per test class: started before the first test, {@link
 * FakeIngest#reset() reset} before each test, closed after the last. Test methods (and
 * constructors, and lifecycle methods) can take a {@code FakeIngest} parameter.
 *
 * <pre>{@code
 * class CheckoutTest {
 *     @RegisterExtension
 *     static final FakeIngestExtension ingest = new FakeIngestExtension();
 *
 *     @Test
 *     void reportsThePurchase() {
 *         Checkout checkout = new Checkout(ingest.get().endpoint(), ingest.get().apiKey());
 *         checkout.buy("pro");
 *         assertThat(ingest.get().awaitEvents(1, Duration.ofSeconds(5))).hasSize(1);
 *     }
 * }
 *
 * @ExtendWith(FakeIngestExtension.class)
 * class OtherTest {
 *     @Test
 *     void answers503(FakeIngest ingest) { ... }
 * }
 * }</pre>
 *
 * <p>Tests of one class share the ingest, so they must not run concurrently with each other;
 * separate classes get separate ingests. {@code @Nested} classes share their outer class's one.
 */
public final class FakeIngestExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {

    private final FakeIngest.Builder builder;
    private final Object lock = new Object();
    private @Nullable FakeIngest ingest;
    private @Nullable String owner;

    /** Creates an extension whose ingest has a random API key and a free port. */
    public FakeIngestExtension() {
        this(FakeIngest.builder());
    }

    /**
     * Creates an extension whose ingest is started from this builder, e.g.
     * {@code new FakeIngestExtension(FakeIngest.builder().apiKey("test-key"))}.
     *
     * @param builder the settings of the ingest
     */
    public FakeIngestExtension(FakeIngest.Builder builder) {
        this.builder = requireNonNull(builder, "builder");
    }

    /**
     * Returns the running ingest.
     *
     * @return the ingest of the current test class
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public FakeIngest get() {
        synchronized (lock) {
            if (ingest == null) {
                throw new IllegalStateException("FakeIngest is not running: use it inside a test of the class"
                        + " that registers this extension");
            }
            return ingest;
        }
    }

    /** Starts the ingest, unless an enclosing class (or a constructor parameter) already did. */
    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (lock) {
            startIfNeeded();
            if (owner == null) {
                owner = context.getUniqueId();
            }
        }
    }

    /** Resets the ingest, so that each test starts with no records and no faults. */
    @Override
    public void beforeEach(ExtensionContext context) {
        get().reset();
    }

    /** Closes the ingest after the class that started it. */
    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (lock) {
            if (ingest != null && context.getUniqueId().equals(owner)) {
                ingest.close();
                ingest = null;
                owner = null;
            }
        }
    }

    /** Supports parameters of type {@link FakeIngest}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == FakeIngest.class;
    }

    /** Resolves the running ingest, starting it if a constructor asks before {@code beforeAll}. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        synchronized (lock) {
            return startIfNeeded();
        }
    }

    private FakeIngest startIfNeeded() {
        FakeIngest running = ingest;
        if (running == null) {
            running = builder.start();
            ingest = running;
        }
        return running;
    }
}
