-- briefing-tui schema, apart from the SSDA903 tables themselves (those are made from
-- briefing_tui.ssda903.tables so the column list is declared once). Every 903 row carries the
-- council code and the collection year (named by the year it ends) of the return it came in,
-- plus the file and line it was read from, so a figure can always be traced to its source.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- One row per import run (an import may bring several councils' and years' returns).
CREATE TABLE IF NOT EXISTS imports (
    import_id    INTEGER PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP NOT NULL,
    command      VARCHAR NOT NULL,
    app_version  VARCHAR NOT NULL,
    strict       BOOLEAN NOT NULL
);

-- One row per return an import run brought: what it replaced, how big it was, what was found.
CREATE TABLE IF NOT EXISTS import_returns (
    import_id    INTEGER NOT NULL,
    council      VARCHAR NOT NULL,
    year         SMALLINT NOT NULL,
    outcome      VARCHAR NOT NULL,      -- 'new', 'replaced' or 'unchanged'
    row_counts   MAP(VARCHAR, BIGINT) NOT NULL,
    findings     BIGINT NOT NULL,
    warnings     BIGINT NOT NULL,
    data_to      DATE,                  -- an in-year extract's last day of data; NULL: the complete year (schema 5)
    PRIMARY KEY (import_id, council, year)
);

-- Every file an import read, with its SHA-256 so a paper's figures can be tied to exact files.
-- file_id names a file's content in its return (same council, year, table and SHA-256 keep the id).
CREATE TABLE IF NOT EXISTS import_files (
    file_id      INTEGER NOT NULL,
    import_id    INTEGER NOT NULL,
    council      VARCHAR NOT NULL,
    year         SMALLINT NOT NULL,
    table_name   VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    bytes        BIGINT NOT NULL,
    encoding     VARCHAR NOT NULL,
    rows         BIGINT NOT NULL,
    PRIMARY KEY (import_id, file_id)
);

-- The alias each child appears under (see store/aliases.py): assigned once, never changed.
CREATE TABLE IF NOT EXISTS aliases (
    council  VARCHAR NOT NULL,
    CHILD    VARCHAR NOT NULL,
    alias    VARCHAR NOT NULL UNIQUE,
    PRIMARY KEY (council, CHILD)
);

-- Data-quality findings of the returns now loaded (replaced with their return).
CREATE TABLE IF NOT EXISTS data_quality (
    council      VARCHAR NOT NULL,
    year         SMALLINT NOT NULL,
    table_name   VARCHAR NOT NULL,
    file         VARCHAR NOT NULL,
    line         INTEGER,
    child        VARCHAR,
    rule         VARCHAR NOT NULL,
    column_name  VARCHAR,
    value        VARCHAR,
    problem      VARCHAR NOT NULL,
    expected     VARCHAR
);

-- Warnings about the files of the returns now loaded (an empty file skipped, an extra column).
CREATE TABLE IF NOT EXISTS import_warnings (
    council      VARCHAR NOT NULL,
    year         SMALLINT,
    file         VARCHAR NOT NULL,
    line         INTEGER,
    rule         VARCHAR NOT NULL,
    problem      VARCHAR NOT NULL
);

-- Returns now loaded: the latest import of each council's year, and its extent (data_to: an
-- in-year extract's last day of data; NULL for a complete collection year).
CREATE OR REPLACE VIEW returns AS
SELECT council, year, max(import_id) AS import_id, arg_max_null(data_to, import_id) AS data_to  -- NULL (complete) is a value here
FROM import_returns
GROUP BY council, year;

-- A child's episode history across returns, for timelines only: the latest return's version of
-- each CHILD + DECOM. Never use it for headline counts: figures come from one return each
-- (the DfE's per-return method; see indicators).
CREATE OR REPLACE VIEW episode_history AS
SELECT * EXCLUDE (rn)
FROM (
    SELECT e.*,
           row_number() OVER (PARTITION BY council, CHILD, DECOM ORDER BY year DESC, line) AS rn
    FROM episodes AS e
)
WHERE rn = 1;

-- Who each council is (schema 4): written with its returns by every import (from the shipped
-- council list, or by init for the synthetic demo), so that every figure uses its own council's
-- name, DfE number, region and population, never another's. Settings may override them by code.
CREATE TABLE IF NOT EXISTS councils (
    code                 VARCHAR PRIMARY KEY,   -- what returns are filed under: '302', 'DEMO', a local code
    name                 VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL CHECK (kind IN ('dfe', 'demo', 'local')),
    la_number            VARCHAR,
    region               VARCHAR,
    ons_code             VARCHAR,
    population_under_18  INTEGER,
    replaced_by          VARCHAR NOT NULL DEFAULT '',
    ended                VARCHAR NOT NULL DEFAULT ''
);
