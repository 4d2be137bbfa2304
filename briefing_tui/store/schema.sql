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

-- Questions and actions the panel records against an indicator (store/notes.py). Each save is one
-- statement committed at once, so a note outlives a crash the moment it is saved. Ids come from a
-- sequence (never max + 1), so a deleted note's number is never given to another note.
-- Not touched by imports; the period and drill path say where the note was raised, as text.
CREATE SEQUENCE IF NOT EXISTS notes_id_seq START 1;
CREATE TABLE IF NOT EXISTS notes (
    note_id       INTEGER PRIMARY KEY DEFAULT nextval('notes_id_seq'),
    council       VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    period_label  VARCHAR,              -- e.g. '2023-24', with its end date below; both or neither
    period_end    DATE,
    drill_path    VARCHAR,              -- e.g. 'Age: 16 and over > by sex'
    kind          VARCHAR NOT NULL CHECK (kind IN ('question', 'action')),
    text          VARCHAR NOT NULL,
    owner         VARCHAR NOT NULL,     -- '' when nobody is named
    due           DATE,
    status        VARCHAR NOT NULL CHECK (status IN ('open', 'done')),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    private       BOOLEAN NOT NULL DEFAULT false  -- never in a public briefing (schema 3)
);

-- Returns now loaded: the latest import of each council's year.
CREATE OR REPLACE VIEW returns AS
SELECT council, year, max(import_id) AS import_id
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
