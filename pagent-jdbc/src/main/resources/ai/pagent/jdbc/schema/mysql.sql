-- pagent transactional outbox for MySQL 8.0+ and MariaDB 10.6+ (InnoDB; both have SKIP LOCKED).
-- Copy into a Flyway or Liquibase migration, or let OutboxSchema.initialize(dataSource) run it.
-- created_at and lease_until are epoch milliseconds (UTC); state is PENDING or FAILED.
CREATE TABLE IF NOT EXISTS pagent_outbox (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event       MEDIUMTEXT    NOT NULL,
    created_at  BIGINT        NOT NULL,
    state       VARCHAR(16)   NOT NULL DEFAULT 'PENDING',
    attempts    INT           NOT NULL DEFAULT 0,
    lease_owner VARCHAR(128)  NULL,
    lease_until BIGINT        NULL,
    last_error  VARCHAR(2000) NULL,
    INDEX pagent_outbox_pending (state, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
