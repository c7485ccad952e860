package ai.pagent.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real database's {@link DataSource} that counts commits and fails the ones a test asks for: the
 * faults a database gives (a commit that does not land), deterministically, on the real thing.
 */
public final class FaultyDataSource {
    private final DataSource real;
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger failedCommits = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failCommits = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failStatements = new ConcurrentLinkedQueue<>();

    public FaultyDataSource(DataSource real) {
        this.real = real;
    }

    /**
     * Fails, once each and in this order, the commit of the next transaction that prepared a statement
     * containing the given text: {@code failCommitsAfter("DELETE", ...)}. The transaction is rolled
     * back by whoever catches the failure, as after any failed commit.
     */
    public FaultyDataSource failCommitsAfter(String... sqlFragments) {
        failCommits.addAll(List.of(sqlFragments));
        return this;
    }

    /** Fails, once, the next preparation of a statement containing {@code sqlFragment}. */
    public FaultyDataSource failStatement(String sqlFragment) {
        failStatements.add(sqlFragment);
        return this;
    }

    /** Commits that landed. */
    public int commits() {
        return commits.get();
    }

    /** Commits this data source failed. */
    public int failedCommits() {
        return failedCommits.get();
    }

    public DataSource dataSource() {
        return proxy(DataSource.class, (proxy, method, args) -> {
            Object result = call(real, method, args);
            return method.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
    }

    private Connection connection(Connection connection) {
        boolean[] doomed = {false}; // this transaction ran the statement whose commit is to fail
        return proxy(Connection.class, (proxy, method, args) -> {
            switch (method.getName()) {
                case "prepareStatement" -> {
                    String sql = (String) args[0];
                    String statement = failStatements.peek();
                    if (statement != null && sql.contains(statement) && failStatements.remove(statement)) {
                        throw new SQLException("injected: could not prepare " + sql);
                    }
                    String commit = failCommits.peek();
                    if (commit != null && sql.contains(commit)) {
                        doomed[0] = true;
                    }
                }
                case "commit" -> {
                    String commit = failCommits.peek();
                    if (doomed[0] && commit != null && failCommits.remove(commit)) {
                        doomed[0] = false;
                        failedCommits.incrementAndGet();
                        throw new SQLException("injected: the commit failed");
                    }
                    Object result = call(connection, method, args);
                    commits.incrementAndGet();
                    doomed[0] = false;
                    return result;
                }
                case "rollback", "close" -> doomed[0] = false;
                default -> {}
            }
            return call(connection, method, args);
        });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
