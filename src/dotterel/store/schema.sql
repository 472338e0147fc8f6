-- dotterel store, schema version 1 (see docs/store.md). Every statement is idempotent.
-- Flat columns are for filtering and analysis; `record` (JSON) is the lossless record.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,              -- code | dedup
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status VARCHAR NOT NULL,            -- running | done | failed | interrupted
    dotterel_version VARCHAR,
    coding_key VARCHAR,
    manifest VARCHAR,                   -- JSON: versions of dotterel, model, data; config hash
    counts VARCHAR,                     -- JSON: read, coded, skipped, mentions, events ...
    errors VARCHAR                      -- JSON list: one message per failed document
);

CREATE TABLE IF NOT EXISTS articles (
    doc_id VARCHAR PRIMARY KEY,
    text_hash VARCHAR NOT NULL,         -- sha1 of the whitespace-normalised text
    coding_key VARCHAR NOT NULL,        -- pipeline version, configuration and data it was coded with
    title VARCHAR,
    url VARCHAR,
    published VARCHAR,                  -- ISO date as given
    outlet VARCHAR,
    language VARCHAR,
    text VARCHAR,
    n_mentions INTEGER NOT NULL,
    fingerprint BIGINT[],               -- MinHash of word shingles (syndication)
    run_id VARCHAR,
    coded_at TIMESTAMP,
    record VARCHAR NOT NULL             -- JSON: every field of the Article but its text
);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,               -- order in its article
    type VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR[],
    status VARCHAR,
    confidence DOUBLE,
    quad INTEGER,
    score DOUBLE,
    actor_name VARCHAR, actor_country VARCHAR, actor_sector VARCHAR, actor_entity_id VARCHAR, actor_wikidata_id VARCHAR,
    recipient_name VARCHAR, recipient_country VARCHAR, recipient_sector VARCHAR, recipient_entity_id VARCHAR,
    recipient_wikidata_id VARCHAR,
    location_name VARCHAR, country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, geo_precision INTEGER,
    geonames_id BIGINT,
    date VARCHAR, date_precision VARCHAR, date_start DATE, date_end DATE,
    attributed_to VARCHAR,
    trigger VARCHAR,
    evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR,
    record VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR[],
    status VARCHAR,
    confidence DOUBLE,
    quad INTEGER,
    score DOUBLE,
    actor_name VARCHAR, actor_country VARCHAR, actor_sector VARCHAR, actor_entity_id VARCHAR, actor_wikidata_id VARCHAR,
    recipient_name VARCHAR, recipient_country VARCHAR, recipient_sector VARCHAR, recipient_entity_id VARCHAR,
    recipient_wikidata_id VARCHAR,
    location_name VARCHAR, country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, geo_precision INTEGER,
    geonames_id BIGINT,
    date VARCHAR, date_precision VARCHAR, date_start DATE, date_end DATE,
    n_mentions INTEGER, n_articles INTEGER, n_outlets INTEGER, n_sources INTEGER,
    first_seen VARCHAR, last_seen VARCHAR,
    canonical_mention_id VARCHAR,
    mention_ids VARCHAR[],
    doc_ids VARCHAR[],
    outlets VARCHAR[],
    record VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_mentions (  -- why each mention joined its event
    event_id VARCHAR NOT NULL,
    mention_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR,
    rank INTEGER,                       -- 0: the canonical (earliest) mention
    joined_with VARCHAR,
    score DOUBLE,
    mean_score DOUBLE,
    components VARCHAR,                 -- JSON: similarity components of the deciding pair
    reason VARCHAR
);

CREATE TABLE IF NOT EXISTS sources (     -- syndication: which original each article copies
    doc_id VARCHAR PRIMARY KEY,
    source_id VARCHAR NOT NULL,
    similarity DOUBLE
);

CREATE TABLE IF NOT EXISTS event_aliases (  -- ids an event had before an earlier report arrived
    old_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL
);

CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id);
CREATE INDEX IF NOT EXISTS event_mentions_event ON event_mentions (event_id);
