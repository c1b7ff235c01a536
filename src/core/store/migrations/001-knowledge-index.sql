-- Knowledge index: passages of the articles, their full-text index, and cached embeddings.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  UNIQUE (article_id, ordinal)
);

-- The columns hold text already analysed by src/core/search/analyzer.ts (stopwords removed,
-- stemmed), so queries and index agree exactly; FTS5 only splits on spaces and ranks with BM25.
CREATE VIRTUAL TABLE passages_fts USING fts5(
  title, heading, body, keywords,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Embeddings are keyed by model and the passage text's hash, so each text is embedded once.
CREATE TABLE embeddings (
  model TEXT NOT NULL,
  hash TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, hash)
) WITHOUT ROWID;
