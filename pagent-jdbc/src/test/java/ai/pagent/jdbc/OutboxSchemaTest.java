package ai.pagent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboxSchemaTest {
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void initializeCreatesTheTableOnceAndLeavesAnExistingOneAlone(String kind) throws Exception {
        TestDatabase db = TestDatabase.create(kind); // initialized once already
        Events.commit(db.dataSource, "kept", 3);
        assertThat(OutboxSchema.initialize(db.dataSource)).isFalse();
        assertThat(db.rows()).isEqualTo(3);
    }

    @Test
    void initializeCreatesAMissingTable() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:schema-fresh;DB_CLOSE_DELAY=-1");
        assertThat(OutboxSchema.initialize(ds)).isTrue();
        assertThat(OutboxSchema.initialize(ds)).isFalse();
        try (Connection c = ds.getConnection()) {
            OutboxWriter.create().write(c, Events.event("x"));
            assertThat(OutboxBacklog.read(c).pending()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {OutboxSchema.POSTGRESQL, OutboxSchema.MYSQL, OutboxSchema.H2})
    void shipsEachScriptWithEveryColumnTheRelayUses(String resource) throws Exception {
        String script;
        try (var in = OutboxSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(script)
                .contains("CREATE TABLE IF NOT EXISTS pagent_outbox")
                .contains("id ", "event ", "created_at ", "state ", "attempts ", "lease_owner ", "lease_until ")
                .contains("last_error ", "'PENDING'");
        assertThat(OutboxSchema.statements(script))
                .allSatisfy(s -> assertThat(s).doesNotStartWith("--"));
    }

    @Test
    void scriptAnswersTheDdlOfTheConnectedDatabase() throws Exception {
        TestDatabase db = TestDatabase.h2();
        try (Connection c = db.dataSource.getConnection()) {
            assertThat(OutboxSchema.script(c)).contains("CHARACTER VARYING(65536)");
        }
    }

    @Test
    void writingWithoutTheTableFailsLikeAnyFailedInsert() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:schema-missing;DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> OutboxWriter.create().write(c, Events.event("x")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("PAGENT_OUTBOX");
        }
    }

    @Test
    void writingOnAClosedConnectionThrowsTheDriversError() throws Exception {
        TestDatabase db = TestDatabase.h2();
        Connection c = db.dataSource.getConnection();
        c.close();
        assertThatThrownBy(() -> OutboxWriter.create().write(c, Events.event("x")))
                .isInstanceOf(SQLException.class);
        assertThat(db.rows()).isZero();
    }
}
