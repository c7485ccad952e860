/**
 * Test support: {@link ai.pagent.spring.boot.test.PagentFakeIngest} points a Spring Boot test's
 * application at a local {@code FakeIngest} (needs {@code ai.pagent:pagent-test} on the test
 * classpath).
 */
@NullMarked
package ai.pagent.spring.boot.test;

import org.jspecify.annotations.NullMarked;
