/**
 * A faithful local stand-in for pagent's conversions ingest, for tests.
 *
 * <p>{@link ai.pagent.test.FakeIngest} serves {@code POST /v1/conversions} on loopback, records what
 * it accepted and injects faults on demand; {@link ai.pagent.test.FakeIngestExtension} runs one per
 * JUnit 5 test class. Nothing here depends on a pagent client: use it to test any client.
 */
@NullMarked
package ai.pagent.test;

import org.jspecify.annotations.NullMarked;
