#include "schema.h"

namespace Sovereign::Models::Schema {

namespace {

// Times are ISO-8601 UTC strings with milliseconds unless a column name ends in _ms.
// JSON columns hold compact JSON text written by this code.
QStringList version1()
{
    return {
        // ---- corpus ------------------------------------------------------------------------
        QStringLiteral(R"(CREATE TABLE papers (
            id INTEGER PRIMARY KEY,
            arxiv_id TEXT NOT NULL UNIQUE,          -- version-less id, e.g. 2505.20225 or hep-th/9901001
            latest_version TEXT NOT NULL DEFAULT '',-- e.g. v2
            title TEXT NOT NULL,
            abstract TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',     -- JSON array of names
            affiliations TEXT NOT NULL DEFAULT '[]',
            categories TEXT NOT NULL DEFAULT '',    -- space separated, primary first
            primary_category TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL DEFAULT '',
            doi TEXT NOT NULL DEFAULT '',
            journal_ref TEXT NOT NULL DEFAULT '',
            comments TEXT NOT NULL DEFAULT '',
            versions TEXT NOT NULL DEFAULT '[]',    -- JSON array of {version, created}
            origin TEXT NOT NULL DEFAULT 'import' CHECK (origin IN ('demo','import','arxiv','local')),
            is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
            added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),
        QStringLiteral(R"(CREATE VIRTUAL TABLE papers_fts USING fts5(
            title, abstract, content='papers', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        ))"),
        QStringLiteral(R"(CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
            INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
        END)"),
        QStringLiteral(R"(CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
        END)"),
        QStringLiteral(R"(CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract ON papers BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
            INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
        END)"),
        // Bumped on every corpus change so fitted embedders know when they are stale.
        QStringLiteral(R"(CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL))"),
        QStringLiteral(R"(INSERT INTO meta(key, value) VALUES ('corpus_generation', '0'))"),
        QStringLiteral(R"(CREATE TRIGGER papers_gen_ai AFTER INSERT ON papers BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'corpus_generation';
        END)"),
        QStringLiteral(R"(CREATE TRIGGER papers_gen_ad AFTER DELETE ON papers BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'corpus_generation';
        END)"),
        QStringLiteral(R"(CREATE TRIGGER papers_gen_au AFTER UPDATE OF title, abstract ON papers BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'corpus_generation';
        END)"),

        // ---- embeddings --------------------------------------------------------------------
        QStringLiteral(R"(CREATE TABLE embedders (
            name TEXT PRIMARY KEY,                  -- e.g. local-tfidf-svd-256 or nvidia/nv-embedqa-e5-v5
            dim INTEGER NOT NULL CHECK (dim > 0),
            corpus_generation INTEGER NOT NULL DEFAULT 0,
            params BLOB,                            -- fitted model state (local embedders)
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),
        QStringLiteral(R"(CREATE TABLE embeddings (
            embedder TEXT NOT NULL REFERENCES embedders(name) ON DELETE CASCADE,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            dim INTEGER NOT NULL CHECK (dim > 0),
            vector BLOB NOT NULL CHECK (length(vector) = dim * 4), -- little-endian float32
            PRIMARY KEY (embedder, paper_id)
        ) WITHOUT ROWID)"),

        // ---- runs --------------------------------------------------------------------------
        QStringLiteral(R"(CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            srch_id TEXT NOT NULL UNIQUE CHECK (srch_id GLOB 'SRCH:[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]'),
            question TEXT NOT NULL CHECK (length(trim(question)) > 0),
            source_ref TEXT NOT NULL,               -- arXiv id or file path as given
            source_paper_id INTEGER REFERENCES papers(id) ON DELETE SET NULL,
            source_title TEXT NOT NULL DEFAULT '',
            source_text TEXT NOT NULL DEFAULT '',
            config TEXT NOT NULL DEFAULT '{}',      -- JSON: the configuration actually used
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued','running','succeeded','failed','cancelled')),
            error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            started_at TEXT,
            finished_at TEXT
        ))"),
        QStringLiteral(R"(CREATE TABLE run_events (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            at_ms INTEGER NOT NULL,                 -- wall clock, ms since epoch
            elapsed_ms INTEGER NOT NULL,            -- since the run started (monotonic)
            stage TEXT NOT NULL,
            lane TEXT NOT NULL DEFAULT '',          -- e.g. query-2, SKEPTIC
            kind TEXT NOT NULL CHECK (kind IN ('started','progress','log','token','wait','finished','failed','cancelled')),
            message TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL DEFAULT '{}',
            UNIQUE (run_id, seq)
        ))"),
        QStringLiteral(R"(CREATE TABLE search_queries (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            strategy TEXT NOT NULL DEFAULT '',      -- idf-terms, bigrams, named-methods, question...
            text TEXT NOT NULL,
            backend TEXT NOT NULL DEFAULT 'local',
            elapsed_ms INTEGER NOT NULL DEFAULT 0,
            UNIQUE (run_id, ordinal)
        ))"),
        QStringLiteral(R"(CREATE TABLE search_hits (
            query_id INTEGER NOT NULL REFERENCES search_queries(id) ON DELETE CASCADE,
            rank INTEGER NOT NULL CHECK (rank >= 1),
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            score REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (query_id, rank)
        ))"),
        QStringLiteral(R"(CREATE TABLE run_papers (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            fused_rank INTEGER NOT NULL,
            rrf_score REAL NOT NULL DEFAULT 0,
            semantic_score REAL,
            final_rank INTEGER NOT NULL,
            PRIMARY KEY (run_id, paper_id)
        ))"),

        // ---- drafts, claims, reviews -------------------------------------------------------
        QStringLiteral(R"(CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            question TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'running'
                CHECK (state IN ('running','escalated','auto_approved','approved','rejected','failed')),
            current_round INTEGER NOT NULL DEFAULT 0,
            score REAL,                              -- tribunal score of the current round
            verdict TEXT CHECK (verdict IS NULL OR verdict IN ('APPROVE','REVISE','REJECT')),
            policy TEXT CHECK (policy IS NULL OR policy IN ('AUTO_APPROVE','ESCALATE_TO_OWNER')),
            policy_reason TEXT NOT NULL DEFAULT '',
            claims_extracted INTEGER NOT NULL DEFAULT 0,
            claims_verified INTEGER NOT NULL DEFAULT 0,
            papers_retrieved INTEGER NOT NULL DEFAULT 0,
            quality_tier TEXT NOT NULL DEFAULT '',
            published_at TEXT,                       -- set by approve / auto-approve; claims freeze then
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),
        QStringLiteral(R"(CREATE INDEX drafts_state ON drafts(state, created_at))"),
        QStringLiteral(R"(CREATE INDEX drafts_created ON drafts(created_at))"),
        QStringLiteral(R"(CREATE TABLE draft_revisions (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            round INTEGER NOT NULL CHECK (round >= 0),
            body TEXT NOT NULL,                      -- the rendered draft (seed text format)
            sections TEXT NOT NULL DEFAULT '{}',     -- JSON: section name -> text
            score REAL,
            verdict TEXT CHECK (verdict IS NULL OR verdict IN ('APPROVE','REVISE','REJECT')),
            reason TEXT NOT NULL DEFAULT '',         -- why this revision exists
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            UNIQUE (draft_id, round)
        ))"),
        QStringLiteral(R"(CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            round INTEGER NOT NULL DEFAULT 0,
            ordinal INTEGER NOT NULL,
            text TEXT NOT NULL,
            original_text TEXT NOT NULL,
            verified INTEGER NOT NULL CHECK (verified IN (0,1)),      -- the verifier's verdict
            confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1.000001),
            verified_override INTEGER CHECK (verified_override IS NULL OR verified_override IN (0,1)),
            override_reason TEXT NOT NULL DEFAULT '',
            evidence_paper_id INTEGER REFERENCES papers(id) ON DELETE SET NULL,
            evidence_passage TEXT NOT NULL DEFAULT '',
            evidence_sentence TEXT NOT NULL DEFAULT '',
            addresses_question INTEGER NOT NULL DEFAULT 0 CHECK (addresses_question IN (0,1)),
            status TEXT NOT NULL DEFAULT 'kept' CHECK (status IN ('kept','softened','dropped')),
            UNIQUE (draft_id, round, ordinal)
        ))"),
        QStringLiteral(R"(CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            round INTEGER NOT NULL CHECK (round >= 0),
            role TEXT NOT NULL CHECK (role IN ('SKEPTIC','VALIDATOR','SYNTHESIZER')),
            score REAL NOT NULL CHECK (score >= 0 AND score <= 10),
            verdict TEXT NOT NULL CHECK (verdict IN ('APPROVE','REVISE','REJECT')),
            rationale TEXT NOT NULL DEFAULT '',
            issues TEXT NOT NULL DEFAULT '[]',       -- JSON array of {claim, section, severity, text}
            signals TEXT NOT NULL DEFAULT '[]',      -- JSON array of {name, value, deduction}
            backend TEXT NOT NULL DEFAULT 'rules',
            model TEXT NOT NULL DEFAULT '',
            prompt TEXT NOT NULL DEFAULT '',
            raw_response TEXT NOT NULL DEFAULT '',
            parsed TEXT NOT NULL DEFAULT '{}',
            latency_ms INTEGER NOT NULL DEFAULT 0,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            UNIQUE (draft_id, round, role)
        ))"),
        QStringLiteral(R"(CREATE TABLE public_records (
            draft_id INTEGER PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
            srch_id TEXT NOT NULL,
            record TEXT NOT NULL,                    -- JSON: verification level, tier, dimensions, provenance
            computed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),

        // ---- owner actions -----------------------------------------------------------------
        QStringLiteral(R"(CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE RESTRICT,
            action TEXT NOT NULL CHECK (action IN ('approve','reject','escalate','request_revision','auto_approve')),
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            note TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),
        QStringLiteral(R"(CREATE INDEX decisions_draft ON decisions(draft_id, id))"),
        QStringLiteral(R"(CREATE TABLE claim_edits (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE RESTRICT,
            field TEXT NOT NULL CHECK (field IN ('text','verified_override')),
            old_value TEXT,
            new_value TEXT,
            reason TEXT NOT NULL DEFAULT '',
            actor TEXT NOT NULL,
            edited_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),
        QStringLiteral(R"(CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE RESTRICT,
            event_id TEXT NOT NULL UNIQUE,
            correction_type TEXT NOT NULL
                CHECK (correction_type IN ('METADATA','ARTIFACT','CLAIM','BENCHMARK','PROVENANCE','QUALITY_ASSESSMENT')),
            public_note TEXT NOT NULL CHECK (length(trim(public_note)) > 0),
            affected_fields TEXT NOT NULL DEFAULT '[]',
            claim_id INTEGER REFERENCES claims(id) ON DELETE RESTRICT,
            old_text TEXT,
            new_text TEXT,
            actor TEXT NOT NULL,
            corrected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),
        QStringLiteral(R"(CREATE INDEX corrections_draft ON corrections(draft_id, id))"),
        QStringLiteral(R"(CREATE TABLE ledger (
            seq INTEGER PRIMARY KEY,                 -- 1, 2, 3 ... without gaps
            kind TEXT NOT NULL,                      -- decision, claim_edit, correction, export, publish
            draft_id INTEGER,
            entity_id INTEGER,
            payload TEXT NOT NULL,                   -- canonical JSON of the entry's content
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,                      -- SHA-256 hex over prev_hash + payload
            mac TEXT NOT NULL DEFAULT '',            -- HMAC-SHA-256 with the key kept outside the file
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        ))"),
        QStringLiteral(R"(CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN
            SELECT RAISE(ABORT, 'ledger entries are append-only');
        END)"),
        QStringLiteral(R"(CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN
            SELECT RAISE(ABORT, 'ledger entries are append-only');
        END)"),

        // ---- network cache -----------------------------------------------------------------
        QStringLiteral(R"(CREATE TABLE http_cache (
            key TEXT PRIMARY KEY,                    -- canonical request
            url TEXT NOT NULL,
            status INTEGER NOT NULL,
            body BLOB NOT NULL,
            fetched_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL
        ))"),
    };
}

// A reviewer that failed is stored with its transcript and the reason (score 0, REJECT, ignored
// by the tribunal's mean); the stance check's labels are stored per claim and round.
QStringList version2()
{
    return {
        QStringLiteral(R"(ALTER TABLE reviews ADD COLUMN failure TEXT NOT NULL DEFAULT '')"),
        QStringLiteral(R"(CREATE TABLE claim_stances (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            round INTEGER NOT NULL CHECK (round >= 0),
            ordinal INTEGER NOT NULL,
            paper_id INTEGER REFERENCES papers(id) ON DELETE SET NULL,
            passage TEXT NOT NULL DEFAULT '',        -- the evidence passage the model judged
            label TEXT NOT NULL CHECK (label IN ('SUPPORTS','REFUTES','NOT_ENOUGH_INFO')),
            quote TEXT NOT NULL DEFAULT '',          -- the sentence the model quoted
            grounded INTEGER NOT NULL CHECK (grounded IN (0,1)), -- quote found verbatim in the passage
            status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok','ungrounded','failed')),
            note TEXT NOT NULL DEFAULT '',           -- why a label was discarded, or the failure
            rationale TEXT NOT NULL DEFAULT '',
            backend TEXT NOT NULL DEFAULT 'llm',
            model TEXT NOT NULL DEFAULT '',
            raw_response TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            UNIQUE (claim_id)
        ))"),
        QStringLiteral(R"(CREATE INDEX claim_stances_draft ON claim_stances(draft_id, round, ordinal))"),
    };
}

// The judgment's per-claim checks (question terms covered, numbers not in the source, evidence that
// disagrees or is about another subject), as JSON.
QStringList version3()
{
    return {QStringLiteral(R"(ALTER TABLE claims ADD COLUMN checks TEXT NOT NULL DEFAULT '{}')")};
}

} // namespace

const QList<Migration> &migrations()
{
    static const QList<Migration> all = {
        {1, QStringLiteral("initial schema"), version1()},
        {2, QStringLiteral("reviewer failures, claim stances"), version2()},
        {3, QStringLiteral("claim checks"), version3()},
    };
    return all;
}

int latestVersion() { return migrations().constLast().version; }

} // namespace Sovereign::Models::Schema
